CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`group_key` text,
	`payload` text,
	`run_at_ms` integer NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 2 NOT NULL,
	`locked_by` text,
	`heartbeat_at_ms` integer,
	`last_error` text,
	`created_at_ms` integer NOT NULL,
	`finished_at_ms` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_one_live_per_key` ON `jobs` (`kind`,`key`) WHERE state in ('queued', 'running');--> statement-breakpoint
CREATE INDEX `jobs_due` ON `jobs` (`state`,`run_at_ms`);--> statement-breakpoint
-- Offers already waiting on an expiry get their delayed job (before this, a timer scanned offers).
INSERT INTO `jobs` (`kind`, `key`, `run_at_ms`, `state`, `attempts`, `max_attempts`, `created_at_ms`)
  SELECT 'offer-step', `id`, `next_expiry_ms`, 'queued', 0, 5, `created_at_ms` FROM `offers` WHERE `status` = 'open' AND `next_expiry_ms` IS NOT NULL;
