ALTER TABLE "events" ADD COLUMN "actor_kind" text DEFAULT 'system' NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "actor_id" text;