ALTER TABLE `staff` ADD `payroll_number` text;--> statement-breakpoint
ALTER TABLE `payroll_settings` ADD `first_period_start` text;