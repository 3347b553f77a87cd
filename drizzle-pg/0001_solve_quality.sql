ALTER TABLE "rotas" ADD COLUMN "quality" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "solve_runs" ADD COLUMN "quality" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "solve_runs" ADD COLUMN "stages" text COLLATE "C";