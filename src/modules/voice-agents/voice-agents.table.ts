import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.table.js';
import type { VoiceAgentSettings } from './voice-agents.schemas.js';

/**
 * AI employees that make phone calls (003's `voiceAgentId`). What the agent says and how it
 * sounds lives in `settings`; every change bumps `version`, and each call keeps the version
 * and the assistant it was placed with, so an old call still shows what was said.
 */
export const voiceAgents = pgTable(
  'voice_agents',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    name: text('name').notNull(),
    settings: jsonb('settings').$type<VoiceAgentSettings>().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.id] }), index('voice_agents_created_idx').on(table.workspaceId, table.id)],
);
