CREATE TABLE "voice_agents" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "voice_agents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"settings" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "voice_agents_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "call_recordings" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "call_recordings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"call_id" bigint NOT NULL,
	"provider_id" text,
	"provider_name" text,
	"url" text NOT NULL,
	"start_time" timestamp (3) with time zone,
	"duration" double precision,
	"dual_channel" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "call_recordings_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "call_transcriptions" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "call_transcriptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"call_id" bigint NOT NULL,
	"recording_id" bigint,
	"provider_name" text,
	"provider_id" text,
	"url" text,
	"text" text,
	"utterances" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "call_transcriptions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "call_transcriptions_status_check" CHECK ("call_transcriptions"."status" IN ('pending', 'completed', 'unavailable', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "calls_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" text,
	"provider_name" text,
	"funnel_conversation_id" bigint,
	"session_id" bigint,
	"user_id" bigint,
	"contact_id" bigint,
	"opportunity_id" bigint,
	"analysis_config_id" bigint,
	"team_id" bigint,
	"voice_agent_id" bigint,
	"voice_agent_version" integer,
	"chat_id" bigint,
	"from_number" text,
	"to_number" text NOT NULL,
	"redirected_to" text,
	"duration" double precision,
	"direction" text NOT NULL,
	"status" text NOT NULL,
	"start_time" timestamp (3) with time zone,
	"end_time" timestamp (3) with time zone,
	"ended_reason" text,
	"cost" double precision,
	"provider_error" text,
	"objectives" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"localization" text,
	"metadata" jsonb,
	"custom_data" jsonb,
	"summary" text,
	"agent_score" double precision,
	"category" text,
	"reported_at" timestamp (3) with time zone,
	"last_update_sequence" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calls_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "voice_agents" ADD CONSTRAINT "voice_agents_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_recordings" ADD CONSTRAINT "call_recordings_call_fk" FOREIGN KEY ("workspace_id","call_id") REFERENCES "public"."calls"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_transcriptions" ADD CONSTRAINT "call_transcriptions_call_fk" FOREIGN KEY ("workspace_id","call_id") REFERENCES "public"."calls"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_contact_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE SET NULL ("contact_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_chat_fk" FOREIGN KEY ("workspace_id","chat_id") REFERENCES "public"."chats"("workspace_id","id") ON DELETE SET NULL ("chat_id") ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "voice_agents_created_idx" ON "voice_agents" USING btree ("workspace_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "call_recordings_call_idx" ON "call_recordings" USING btree ("workspace_id","call_id");--> statement-breakpoint
CREATE UNIQUE INDEX "call_transcriptions_call_idx" ON "call_transcriptions" USING btree ("workspace_id","call_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calls_provider_idx" ON "calls" USING btree ("provider_name","provider_id");--> statement-breakpoint
CREATE INDEX "calls_start_idx" ON "calls" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "calls_contact_idx" ON "calls" USING btree ("workspace_id","contact_id");