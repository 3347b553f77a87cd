ALTER TABLE `rotas` ADD `change_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rotas` ADD `scored_version` integer DEFAULT 0 NOT NULL;