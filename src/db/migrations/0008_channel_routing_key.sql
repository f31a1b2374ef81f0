DROP INDEX "channels_whatsapp_phone_number_id_idx";--> statement-breakpoint
DROP INDEX "channels_whatsapp_phone_number_idx";--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "routing_key" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "send_claimed_at" timestamp (3) with time zone;--> statement-breakpoint
-- Hand-written: keeps the WhatsApp routing data in the generic columns before the old ones go.
UPDATE "channels" SET "routing_key" = "whatsapp_phone_number_id", "address" = "whatsapp_phone_number";--> statement-breakpoint
CREATE UNIQUE INDEX "channels_routing_key_idx" ON "channels" USING btree ("type","routing_key") WHERE deleted_at IS NULL AND routing_key IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "channels_address_idx" ON "channels" USING btree ("workspace_id","type","address") WHERE deleted_at IS NULL AND address IS NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_pending_idx" ON "messages" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
ALTER TABLE "channels" DROP COLUMN "whatsapp_phone_number_id";--> statement-breakpoint
ALTER TABLE "channels" DROP COLUMN "whatsapp_phone_number";