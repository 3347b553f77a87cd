CREATE TABLE `roles` (
	`service_id` text NOT NULL,
	`id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`comment` text,
	PRIMARY KEY(`service_id`, `id`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `services` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`time_zone` text,
	`format_version` integer DEFAULT 1 NOT NULL,
	`file_comment` text,
	`comment` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `skills` (
	`service_id` text NOT NULL,
	`id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text,
	`comment` text,
	PRIMARY KEY(`service_id`, `id`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `rule_settings` (
	`service_id` text PRIMARY KEY NOT NULL,
	`min_rest_minutes` integer,
	`weekly_rest_minutes` integer,
	`max_minutes_per_week` integer,
	`average_max_minutes_per_week` integer,
	`average_reference_weeks` integer,
	`max_consecutive_days` integer,
	`contract_tolerance_minutes` integer,
	`forbidden_successions` text,
	`weights` text,
	`comment` text,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `site_travel` (
	`service_id` text NOT NULL,
	`from_site_id` text NOT NULL,
	`to_site_id` text NOT NULL,
	`position` integer NOT NULL,
	`minutes` integer NOT NULL,
	PRIMARY KEY(`service_id`, `from_site_id`, `to_site_id`),
	FOREIGN KEY (`service_id`,`from_site_id`) REFERENCES `sites`(`service_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sites` (
	`service_id` text NOT NULL,
	`id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`address` text,
	`comment` text,
	PRIMARY KEY(`service_id`, `id`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `absences` (
	`row_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`position` integer NOT NULL,
	`absence_id` text NOT NULL,
	`id_from_file` integer NOT NULL,
	`kind` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`start_time` text,
	`end_time` text,
	`approved_by` text,
	`comment` text,
	FOREIGN KEY (`service_id`,`staff_id`) REFERENCES `staff`(`service_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `absences_staff` ON `absences` (`service_id`,`staff_id`);--> statement-breakpoint
CREATE TABLE `availability_exceptions` (
	`row_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`position` integer NOT NULL,
	`date` text NOT NULL,
	`available` integer NOT NULL,
	`start_time` text,
	`end_time` text,
	`comment` text,
	FOREIGN KEY (`service_id`,`staff_id`) REFERENCES `staff`(`service_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `availability_exceptions_staff` ON `availability_exceptions` (`service_id`,`staff_id`);--> statement-breakpoint
CREATE TABLE `availability_windows` (
	`row_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`position` integer NOT NULL,
	`rrule` text NOT NULL,
	`start_time` text NOT NULL,
	`end_time` text NOT NULL,
	`from_date` text,
	`until_date` text,
	`comment` text,
	FOREIGN KEY (`service_id`,`staff_id`) REFERENCES `staff`(`service_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `availability_windows_staff` ON `availability_windows` (`service_id`,`staff_id`);--> statement-breakpoint
CREATE TABLE `qualifications` (
	`row_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`position` integer NOT NULL,
	`skill_id` text NOT NULL,
	`valid_from` text,
	`valid_until` text,
	`reference` text,
	`comment` text,
	FOREIGN KEY (`service_id`,`staff_id`) REFERENCES `staff`(`service_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `qualifications_staff` ON `qualifications` (`service_id`,`staff_id`);--> statement-breakpoint
CREATE TABLE `staff` (
	`service_id` text NOT NULL,
	`id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`contract_minutes_per_week` integer,
	`roles` text NOT NULL,
	`refused_site_ids` text,
	`cost_pence_per_hour` integer NOT NULL,
	`preferences` text,
	`history` text,
	`wtr_opt_out` integer,
	`limits` text,
	`caseload` text,
	`home_site_id` text,
	`has_availability` integer DEFAULT false NOT NULL,
	`availability_comment` text,
	`comment` text,
	PRIMARY KEY(`service_id`, `id`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `template_demand` (
	`service_id` text NOT NULL,
	`template_id` text NOT NULL,
	`position` integer NOT NULL,
	`role_id` text NOT NULL,
	`min` integer NOT NULL,
	`preferred` integer NOT NULL,
	`max` integer NOT NULL,
	`skills` text,
	`under_weight` integer,
	`over_weight` integer,
	`comment` text,
	PRIMARY KEY(`service_id`, `template_id`, `position`),
	FOREIGN KEY (`service_id`,`template_id`) REFERENCES `templates`(`service_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `templates` (
	`service_id` text NOT NULL,
	`id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`site_id` text,
	`start_time` text NOT NULL,
	`end_time` text,
	`duration_minutes` integer,
	`rrule` text NOT NULL,
	`anchor_date` text,
	`valid_from` text,
	`valid_until` text,
	`runs_on_bank_holidays` integer,
	`excluded_dates` text,
	`extra_dates` text,
	`paid_extra_minutes` integer,
	`cancelled_min_paid_minutes` integer,
	`tags` text,
	`priority` real,
	`series_id` text,
	`comment` text,
	PRIMARY KEY(`service_id`, `id`),
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rota_id` text NOT NULL,
	`service_id` text NOT NULL,
	`slot_id` text NOT NULL,
	`role_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`start_min` integer NOT NULL,
	`end_min` integer NOT NULL,
	`work_minutes` integer NOT NULL,
	`pinned` integer DEFAULT false NOT NULL,
	`source` text NOT NULL,
	`published` integer DEFAULT false NOT NULL,
	`overridden` integer DEFAULT false NOT NULL,
	`note` text,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`rota_id`) REFERENCES `rotas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `assignments_rota` ON `assignments` (`rota_id`);--> statement-breakpoint
CREATE INDEX `assignments_staff_time` ON `assignments` (`service_id`,`staff_id`,`start_min`);--> statement-breakpoint
CREATE TABLE `rotas` (
	`id` text PRIMARY KEY NOT NULL,
	`service_id` text NOT NULL,
	`week_start` text NOT NULL,
	`status` text NOT NULL,
	`solve_count` integer DEFAULT 0 NOT NULL,
	`progress` text,
	`feasible` integer,
	`score_hard` integer,
	`score_soft` real,
	`analysis` text,
	`unfilled` text,
	`slots` text,
	`error` text,
	`published_at` text,
	`published_by` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `rotas_service_week` ON `rotas` (`service_id`,`week_start`);--> statement-breakpoint
CREATE TABLE `solve_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rota_id` text NOT NULL,
	`kind` text NOT NULL,
	`input_hash` text NOT NULL,
	`seed` integer NOT NULL,
	`weights` text,
	`time_limit_ms` integer,
	`max_moves` integer,
	`status` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`duration_ms` integer,
	`score_hard` integer,
	`score_soft` real,
	`moves` integer,
	`error` text,
	`requested_by` text NOT NULL,
	FOREIGN KEY (`rota_id`) REFERENCES `rotas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `solve_runs_rota` ON `solve_runs` (`rota_id`);--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`role` text NOT NULL,
	`service_id` text,
	`staff_id` text,
	`label` text,
	`created_at` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_token_hash_unique` ON `tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`service_id` text,
	`reason` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_log` (`entity`,`entity_id`);