DROP INDEX `offer_invites_staff`;--> statement-breakpoint
CREATE INDEX `offer_invites_worker` ON `offer_invites` (`service_id`,`staff_id`);