CREATE TABLE `pay_period_locks` (
	`service_id` text NOT NULL,
	`period_id` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`snapshot` text NOT NULL,
	`locked_at` text NOT NULL,
	`locked_by` text NOT NULL,
	PRIMARY KEY(`service_id`, `period_id`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `payroll_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` text NOT NULL,
	`period_id` text NOT NULL,
	`session_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`line_type` text NOT NULL,
	`worked_minutes` integer NOT NULL,
	`paid_minutes` integer NOT NULL,
	`pay_pence` integer NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payroll_ledger_place_period` ON `payroll_ledger` (`service_id`,`session_id`,`staff_id`,`period_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `payroll_ledger_paid_once` ON `payroll_ledger` (`service_id`,`session_id`,`staff_id`) WHERE line_type = 'session';--> statement-breakpoint
CREATE TABLE `payroll_settings` (
	`service_id` text PRIMARY KEY NOT NULL,
	`frequency` text NOT NULL,
	`anchor_date` text NOT NULL,
	`night_start_minute` integer NOT NULL,
	`night_end_minute` integer NOT NULL,
	`holiday_mode` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `session_outcomes` (
	`service_id` text NOT NULL,
	`rota_id` text NOT NULL,
	`slot_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`kind` text NOT NULL,
	`start_min` integer NOT NULL,
	`end_min` integer NOT NULL,
	`paid_prep_minutes` integer NOT NULL,
	`cancellation_minimum_minutes` integer,
	`status` text NOT NULL,
	`cancel_reason` text,
	`actual_start_min` integer,
	`actual_end_min` integer,
	`note` text,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	`signed_off_at` text,
	`signed_off_by` text,
	PRIMARY KEY(`service_id`, `rota_id`, `slot_id`, `staff_id`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_outcomes_time` ON `session_outcomes` (`service_id`,`start_min`);