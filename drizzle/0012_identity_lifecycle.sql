ALTER TABLE `sites` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `sites` ADD `archived_by` text;--> statement-breakpoint
ALTER TABLE `staff` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `staff` ADD `archived_by` text;--> statement-breakpoint
ALTER TABLE `templates` ADD `archived_at` text;--> statement-breakpoint
ALTER TABLE `templates` ADD `archived_by` text;--> statement-breakpoint
ALTER TABLE `tokens` ADD `name` text;--> statement-breakpoint
ALTER TABLE `tokens` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `tokens` ADD `expires_at` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `actor_token_id` integer;--> statement-breakpoint
-- Tokens made before expiry existed get the default lifetime (90 days from their creation).
UPDATE `tokens` SET `expires_at` = strftime('%Y-%m-%dT%H:%M:%fZ', `created_at`, '+90 days') WHERE `expires_at` IS NULL;
