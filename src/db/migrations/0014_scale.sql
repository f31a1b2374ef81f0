CREATE TABLE "rate_limit_windows" (
	"bucket" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"reset_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "claimed_at" timestamp (3) with time zone;
--> statement-breakpoint
-- Hand-written: rate-limit counters need no crash safety; unlogged writes skip the WAL.
ALTER TABLE "rate_limit_windows" SET UNLOGGED;
