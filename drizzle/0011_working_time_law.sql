ALTER TABLE `rule_settings` ADD `weekly_rest_form` text;--> statement-breakpoint
ALTER TABLE `staff` ADD `night_worker` integer;--> statement-breakpoint
ALTER TABLE `templates` ADD `breaks` text;--> statement-breakpoint
ALTER TABLE `session_outcomes` ADD `unpaid_break_minutes` integer DEFAULT 0 NOT NULL;