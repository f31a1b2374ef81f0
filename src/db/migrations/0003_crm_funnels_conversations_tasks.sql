CREATE TABLE "funnel_statuses" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "funnel_statuses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"funnel_id" bigint NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funnel_statuses_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "funnel_statuses_name_unique" UNIQUE("workspace_id","funnel_id","name"),
	CONSTRAINT "funnel_statuses_funnel_id_unique" UNIQUE("workspace_id","funnel_id","id")
);
--> statement-breakpoint
CREATE TABLE "funnels" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "funnels_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funnels_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "funnel_conversations" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "funnel_conversations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"funnel_id" bigint NOT NULL,
	"funnel_status_id" bigint,
	"contact_id" bigint NOT NULL,
	"user_id" bigint,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"archived_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funnel_conversations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "operations" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "operations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"report" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "operations_uuid_unique" UNIQUE("workspace_id","uuid")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"workspace_id" bigint NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text,
	"objective" text NOT NULL,
	"conversation_id" bigint,
	"created_by_type" text,
	"created_by_id" text,
	"assigned_to_type" text NOT NULL,
	"assigned_to_id" text NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"published_at" timestamp (3) with time zone,
	"due_date" timestamp (3) with time zone,
	"completed_at" timestamp (3) with time zone,
	"cancelled_at" timestamp (3) with time zone,
	"cancellation_reason" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "tasks_uuid_unique" UNIQUE("uuid"),
	CONSTRAINT "tasks_status_check" CHECK ("tasks"."status" IN ('scheduled', 'completed', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "funnel_statuses" ADD CONSTRAINT "funnel_statuses_funnel_fk" FOREIGN KEY ("workspace_id","funnel_id") REFERENCES "public"."funnels"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funnels" ADD CONSTRAINT "funnels_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funnel_conversations" ADD CONSTRAINT "funnel_conversations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funnel_conversations" ADD CONSTRAINT "funnel_conversations_funnel_fk" FOREIGN KEY ("workspace_id","funnel_id") REFERENCES "public"."funnels"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funnel_conversations" ADD CONSTRAINT "funnel_conversations_status_fk" FOREIGN KEY ("workspace_id","funnel_id","funnel_status_id") REFERENCES "public"."funnel_statuses"("workspace_id","funnel_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funnel_conversations" ADD CONSTRAINT "funnel_conversations_contact_fk" FOREIGN KEY ("workspace_id","contact_id") REFERENCES "public"."contacts"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operations" ADD CONSTRAINT "operations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Edited by hand: SET NULL on conversation_id only (PostgreSQL 15+); drizzle-kit would null workspace_id too.
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_conversation_fk" FOREIGN KEY ("workspace_id","conversation_id") REFERENCES "public"."funnel_conversations"("workspace_id","id") ON DELETE SET NULL ("conversation_id") ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "funnels_created_idx" ON "funnels" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "funnel_conversations_created_idx" ON "funnel_conversations" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "funnel_conversations_updated_idx" ON "funnel_conversations" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "funnel_conversations_funnel_idx" ON "funnel_conversations" USING btree ("workspace_id","funnel_id","funnel_status_id");--> statement-breakpoint
CREATE INDEX "funnel_conversations_contact_idx" ON "funnel_conversations" USING btree ("workspace_id","contact_id");--> statement-breakpoint
CREATE INDEX "funnel_conversations_custom_fields_idx" ON "funnel_conversations" USING gin ("custom_fields");--> statement-breakpoint
CREATE INDEX "tasks_due_idx" ON "tasks" USING btree ("workspace_id","due_date","id");--> statement-breakpoint
CREATE INDEX "tasks_created_idx" ON "tasks" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tasks_conversation_idx" ON "tasks" USING btree ("workspace_id","conversation_id");--> statement-breakpoint
CREATE INDEX "tasks_assignee_idx" ON "tasks" USING btree ("workspace_id","assigned_to_type","assigned_to_id");