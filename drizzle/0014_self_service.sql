CREATE TABLE `fairness_adjustments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`category` text NOT NULL,
	`kind` text NOT NULL,
	`delta` integer DEFAULT 0 NOT NULL,
	`reason` text NOT NULL,
	`at_min` integer NOT NULL,
	`actor` text NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `fairness_adjustments_staff` ON `fairness_adjustments` (`service_id`,`staff_id`);--> statement-breakpoint
CREATE TABLE `open_place_claims` (
	`rota_id` text NOT NULL,
	`slot_id` text NOT NULL,
	`role_id` text NOT NULL,
	`seat` integer NOT NULL,
	`request_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`at_ms` integer NOT NULL,
	PRIMARY KEY(`rota_id`, `slot_id`, `role_id`, `seat`),
	FOREIGN KEY (`rota_id`) REFERENCES `rotas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `open_session_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`service_id` text NOT NULL,
	`rota_id` text NOT NULL,
	`slot_id` text NOT NULL,
	`role_id` text NOT NULL,
	`label` text NOT NULL,
	`start_min` integer NOT NULL,
	`end_min` integer NOT NULL,
	`staff_id` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`requested_at_ms` integer NOT NULL,
	`decided_by` text,
	`decided_at_ms` integer,
	`decision_reason` text,
	`auto_approved` integer DEFAULT false NOT NULL,
	`assignment_id` integer,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rota_id`) REFERENCES `rotas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `open_requests_place` ON `open_session_requests` (`rota_id`,`slot_id`,`role_id`);--> statement-breakpoint
CREATE INDEX `open_requests_staff` ON `open_session_requests` (`service_id`,`staff_id`);--> statement-breakpoint
CREATE TABLE `self_service_settings` (
	`service_id` text PRIMARY KEY NOT NULL,
	`swap_auto_approve` integer DEFAULT false NOT NULL,
	`swap_max_soft_rise` integer DEFAULT 0 NOT NULL,
	`open_auto_approve` integer DEFAULT false NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `staff_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`service_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`kind` text NOT NULL,
	`leave_kind` text,
	`from_date` text,
	`to_date` text,
	`start_time` text,
	`end_time` text,
	`availability` text,
	`note` text,
	`status` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	`decided_by` text,
	`decided_at_ms` integer,
	`decision_reason` text,
	`absence_id` text,
	`clashes` text,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `staff_requests_service` ON `staff_requests` (`service_id`,`status`);--> statement-breakpoint
CREATE INDEX `staff_requests_staff` ON `staff_requests` (`service_id`,`staff_id`);--> statement-breakpoint
CREATE TABLE `swap_declines` (
	`swap_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`reason` text,
	`at_ms` integer NOT NULL,
	PRIMARY KEY(`swap_id`, `staff_id`),
	FOREIGN KEY (`swap_id`) REFERENCES `swap_requests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `swap_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`service_id` text NOT NULL,
	`kind` text NOT NULL,
	`from_staff_id` text NOT NULL,
	`rota_id` text NOT NULL,
	`assignment_id` integer NOT NULL,
	`slot_id` text NOT NULL,
	`role_id` text NOT NULL,
	`label` text NOT NULL,
	`start_min` integer NOT NULL,
	`end_min` integer NOT NULL,
	`to_staff_id` text,
	`counter_rota_id` text,
	`counter_assignment_id` integer,
	`counter_slot_id` text,
	`counter_role_id` text,
	`counter_label` text,
	`counter_start_min` integer,
	`counter_end_min` integer,
	`invited` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`taker_staff_id` text,
	`accepted_at_ms` integer,
	`decided_by` text,
	`decided_at_ms` integer,
	`decision_reason` text,
	`auto_approved` integer DEFAULT false NOT NULL,
	`soft_delta` integer,
	`created_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rota_id`) REFERENCES `rotas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `swap_requests_service` ON `swap_requests` (`service_id`,`status`);--> statement-breakpoint
CREATE INDEX `swap_requests_place` ON `swap_requests` (`assignment_id`);--> statement-breakpoint
CREATE TABLE `swap_takes` (
	`swap_id` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`at_ms` integer NOT NULL,
	FOREIGN KEY (`swap_id`) REFERENCES `swap_requests`(`id`) ON UPDATE no action ON DELETE cascade
);
