CREATE TABLE `offer_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`offer_id` text NOT NULL,
	`type` text NOT NULL,
	`staff_id` text,
	`at_ms` integer NOT NULL,
	`reason` text,
	`actor` text NOT NULL,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `offer_events_offer` ON `offer_events` (`offer_id`);--> statement-breakpoint
CREATE TABLE `offer_fills` (
	`offer_id` text NOT NULL,
	`position` integer NOT NULL,
	`staff_id` text NOT NULL,
	`assignment_id` integer NOT NULL,
	`at_ms` integer NOT NULL,
	PRIMARY KEY(`offer_id`, `position`),
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offer_fills_assignment_id_unique` ON `offer_fills` (`assignment_id`);--> statement-breakpoint
CREATE TABLE `offer_invites` (
	`offer_id` text NOT NULL,
	`service_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`rank` integer NOT NULL,
	`status` text NOT NULL,
	`sent_at_ms` integer,
	`expires_at_ms` integer,
	`closed_at_ms` integer,
	`reason` text,
	PRIMARY KEY(`offer_id`, `staff_id`),
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `offer_invites_staff` ON `offer_invites` (`service_id`,`staff_id`,`status`);--> statement-breakpoint
CREATE TABLE `offer_places` (
	`offer_id` text NOT NULL,
	`position` integer NOT NULL,
	`rota_id` text NOT NULL,
	`slot_id` text NOT NULL,
	`role_id` text NOT NULL,
	`label` text NOT NULL,
	`site_id` text,
	`site_name` text,
	`start_min` integer NOT NULL,
	`end_min` integer NOT NULL,
	`work_minutes` integer NOT NULL,
	PRIMARY KEY(`offer_id`, `position`),
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `offer_places_slot` ON `offer_places` (`rota_id`,`slot_id`,`role_id`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` text PRIMARY KEY NOT NULL,
	`rota_id` text NOT NULL,
	`service_id` text NOT NULL,
	`mode` text NOT NULL,
	`ttl_ms` integer NOT NULL,
	`status` text NOT NULL,
	`series_id` text,
	`winner_staff_id` text,
	`next_expiry_ms` integer,
	`created_at_ms` integer NOT NULL,
	`closed_at_ms` integer,
	`created_by` text NOT NULL,
	FOREIGN KEY (`rota_id`) REFERENCES `rotas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `offers_rota` ON `offers` (`rota_id`);--> statement-breakpoint
CREATE INDEX `offers_next_expiry` ON `offers` (`next_expiry_ms`);