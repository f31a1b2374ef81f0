CREATE TABLE "agent_versions" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "agent_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"picture" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_versions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "agents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"picture" text,
	"version" integer DEFAULT 1 NOT NULL,
	"version_uuid" uuid NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agents_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "channels_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secrets" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"whatsapp_phone_number_id" text,
	"whatsapp_phone_number" text,
	"verify_token_hash" text,
	"responder_id" bigint,
	"deleted_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channels_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "chats" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "chats_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" bigint,
	"owner_contact_id" bigint NOT NULL,
	"responder_id" bigint NOT NULL,
	"responder_version_id" bigint,
	"assignee_user_id" uuid,
	"title" text,
	"status" text DEFAULT 'UNATTENDED' NOT NULL,
	"is_read" boolean DEFAULT true NOT NULL,
	"last_message_id" bigint,
	"penultimate_message_id" bigint,
	"last_chat_message_created_at" timestamp (3) with time zone,
	"last_inbound_at" timestamp (3) with time zone,
	"message_count" integer DEFAULT 0 NOT NULL,
	"removed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chats_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"chat_id" bigint NOT NULL,
	"direction" text NOT NULL,
	"role" text NOT NULL,
	"type" text DEFAULT 'text' NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"provider_id" text,
	"sender" jsonb NOT NULL,
	"recipient" jsonb NOT NULL,
	"user_id" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "media" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "media_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"provider_uploads" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "agent_versions" ADD CONSTRAINT "agent_versions_agent_fk" FOREIGN KEY ("workspace_id","agent_id") REFERENCES "public"."agents"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_responder_fk" FOREIGN KEY ("workspace_id","responder_id") REFERENCES "public"."agents"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_channel_fk" FOREIGN KEY ("workspace_id","channel_id") REFERENCES "public"."channels"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_owner_fk" FOREIGN KEY ("workspace_id","owner_contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_responder_fk" FOREIGN KEY ("workspace_id","responder_id") REFERENCES "public"."agents"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_responder_version_fk" FOREIGN KEY ("workspace_id","responder_version_id") REFERENCES "public"."agent_versions"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_chat_fk" FOREIGN KEY ("workspace_id","chat_id") REFERENCES "public"."chats"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agent_versions_number_idx" ON "agent_versions" USING btree ("workspace_id","agent_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "agent_versions_uuid_idx" ON "agent_versions" USING btree ("workspace_id","uuid");--> statement-breakpoint
CREATE UNIQUE INDEX "agents_uuid_idx" ON "agents" USING btree ("workspace_id","uuid");--> statement-breakpoint
CREATE INDEX "agents_kind_idx" ON "agents" USING btree ("workspace_id","kind","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "channels_uuid_idx" ON "channels" USING btree ("workspace_id","uuid");--> statement-breakpoint
CREATE INDEX "channels_created_idx" ON "channels" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "channels_whatsapp_phone_number_id_idx" ON "channels" USING btree ("whatsapp_phone_number_id") WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "channels_whatsapp_phone_number_idx" ON "channels" USING btree ("workspace_id","whatsapp_phone_number") WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "channels_verify_token_idx" ON "channels" USING btree ("verify_token_hash") WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "chats_uuid_idx" ON "chats" USING btree ("workspace_id","uuid");--> statement-breakpoint
CREATE INDEX "chats_owner_idx" ON "chats" USING btree ("workspace_id","owner_contact_id","channel_id") WHERE removed_at IS NULL;--> statement-breakpoint
CREATE INDEX "chats_activity_idx" ON "chats" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "chats_last_message_idx" ON "chats" USING btree ("workspace_id","last_chat_message_created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_uuid_idx" ON "messages" USING btree ("workspace_id","uuid");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_provider_id_idx" ON "messages" USING btree ("workspace_id","provider_id");--> statement-breakpoint
CREATE INDEX "messages_chat_idx" ON "messages" USING btree ("workspace_id","chat_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "media_uuid_idx" ON "media" USING btree ("workspace_id","uuid");