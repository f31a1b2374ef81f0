import {
  bigint,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.table.js';

/**
 * Responders: what answers a chat. Agents (one AI persona) and squads (a group of agents)
 * share this table, told apart by `kind`, because chats name their responder by one id
 * whatever its kind (004's `responderId`). Rows are soft-deleted so old chats keep theirs.
 */
export const agents = pgTable(
  'agents',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    /** `agent` or `squad`. */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** URL of the avatar. */
    picture: text('picture'),
    /** How it answers (AgentSettings for agents, SquadSettings for squads); see agent-settings.ts. */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** Increases by one on every change; each number has a row in agent_versions. */
    version: integer('version').notNull().default(1),
    /** The uuid of the current version's row, kept here so reads need no join. */
    versionUuid: uuid('version_uuid').notNull(),
    /** After a handoff's ticket closes, the customer's next message goes to the agent again (else the team keeps the chat). */
    resumeAfterClose: boolean('resume_after_close').notNull().default(true),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date', precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    uniqueIndex('agents_uuid_idx').on(table.workspaceId, table.uuid),
    index('agents_kind_idx').on(table.workspaceId, table.kind, table.createdAt, table.id),
  ],
);

/** One immutable snapshot per version of an agent or squad (what a chat was answered by). */
export const agentVersions = pgTable(
  'agent_versions',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    agentId: bigint('agent_id', { mode: 'number' }).notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    picture: text('picture'),
    /** The settings as they were in this version. */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.agentId],
      foreignColumns: [agents.workspaceId, agents.id],
      name: 'agent_versions_agent_fk',
    }).onDelete('cascade'),
    uniqueIndex('agent_versions_number_idx').on(table.workspaceId, table.agentId, table.version),
    uniqueIndex('agent_versions_uuid_idx').on(table.workspaceId, table.uuid),
  ],
);
