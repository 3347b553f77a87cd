ALTER TABLE `assignments` ADD `proposed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `offers` ADD `capacity` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Bank places planned before consent existed were never accepted: they are proposals now (published ones stay as they were).
UPDATE `assignments` SET `proposed` = 1 WHERE `source` <> 'offer' AND `published` = 0 AND EXISTS (SELECT 1 FROM `staff` WHERE `staff`.`service_id` = `assignments`.`service_id` AND `staff`.`id` = `assignments`.`staff_id` AND `staff`.`kind` = 'bank');
