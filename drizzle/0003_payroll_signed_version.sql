ALTER TABLE `session_outcomes` ADD `rate_pence_per_hour` integer;--> statement-breakpoint
ALTER TABLE `session_outcomes` ADD `signed_outcome` text;