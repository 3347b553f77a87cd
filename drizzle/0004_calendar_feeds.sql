CREATE TABLE `calendar_feeds` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`service_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`created_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `calendar_feeds_staff` ON `calendar_feeds` (`service_id`,`staff_id`);