ALTER TABLE `rotas` ADD `quality` text;--> statement-breakpoint
ALTER TABLE `solve_runs` ADD `quality` text;--> statement-breakpoint
ALTER TABLE `solve_runs` ADD `stages` text;