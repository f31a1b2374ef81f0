CREATE TABLE "agent_runs" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "agent_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"chat_id" bigint NOT NULL,
	"agent_id" bigint NOT NULL,
	"agent_version_id" bigint,
	"answered_message_id" bigint NOT NULL,
	"answered_message_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"outcome" text,
	"claim_token" uuid NOT NULL,
	"lease_until" timestamp (3) with time zone NOT NULL,
	"provider" text NOT NULL,
	"model" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"latency_ms" integer,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"tool_calls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answered" boolean,
	"reply_message_id" bigint,
	"error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "agent_runs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "captures" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "captures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" bigint NOT NULL,
	"chat_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"contact_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"email" text,
	"name" text,
	"company" text,
	"phone" text,
	"status" text DEFAULT 'new' NOT NULL,
	"contact_captured_at" timestamp (3) with time zone,
	"contact_exported_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "captures_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "agent_runs" ADD CONSTRAINT "agent_runs_chat_fk" FOREIGN KEY ("workspace_id","chat_id") REFERENCES "public"."chats"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_runs" ADD CONSTRAINT "agent_runs_agent_fk" FOREIGN KEY ("workspace_id","agent_id") REFERENCES "public"."agents"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captures" ADD CONSTRAINT "captures_chat_fk" FOREIGN KEY ("workspace_id","chat_id") REFERENCES "public"."chats"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "captures" ADD CONSTRAINT "captures_agent_fk" FOREIGN KEY ("workspace_id","agent_id") REFERENCES "public"."agents"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agent_runs_uuid_idx" ON "agent_runs" USING btree ("workspace_id","uuid");--> statement-breakpoint
CREATE UNIQUE INDEX "agent_runs_answered_idx" ON "agent_runs" USING btree ("workspace_id","chat_id","answered_message_id");--> statement-breakpoint
CREATE INDEX "agent_runs_agent_idx" ON "agent_runs" USING btree ("workspace_id","agent_id","id");--> statement-breakpoint
CREATE INDEX "agent_runs_chat_idx" ON "agent_runs" USING btree ("workspace_id","chat_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "captures_chat_idx" ON "captures" USING btree ("workspace_id","agent_id","chat_id");--> statement-breakpoint
CREATE INDEX "captures_agent_idx" ON "captures" USING btree ("workspace_id","agent_id","contact_captured_at","id");--> statement-breakpoint
CREATE INDEX "captures_search_idx" ON "captures" USING gin ((coalesce("email", '') || ' ' || coalesce("name", '') || ' ' || coalesce("company", '') || ' ' || coalesce("phone", '')) gin_trgm_ops);