import { z } from 'zod';
import type { EntityReference, ResponderKind } from '../../modules/agents/agents.schemas.js';
import { agentSettingsShape, squadSettingsShape } from './agent-settings.schemas.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An `{id}` path parameter that takes the numeric id or the uuid (chats name things by uuid). */
export const referenceParams = (description: string) =>
  z.object({
    id: z
      .string()
      .regex(/^(\d{1,15}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/, 'must be a numeric id or a UUID')
      .transform((value, context): EntityReference => {
        if (/^\d{1,15}$/.test(value) && Number(value) > 0) return { id: Number(value) };
        if (UUID_PATTERN.test(value)) return { uuid: value.toLowerCase() };
        context.addIssue({ code: 'custom', message: 'must be a numeric id or a UUID' });
        return z.NEVER;
      })
      .describe(`${description}: the numeric id or the uuid`)
      .meta({ example: '12' }),
  });

const nameSchema = z.string().trim().min(1).max(200);
const pictureSchema = z.url({ error: 'must be a URL' }).max(2000).nullable();

/** The wire shapes of agents and squads (they share one). */
export function responderSchemas(kind: ResponderKind) {
  const title = kind === 'agent' ? 'Agent' : 'Squad';
  const settings = kind === 'agent' ? agentSettingsShape : squadSettingsShape;
  const optionalSettings = Object.fromEntries(Object.entries(settings).map(([key, schema]) => [key, (schema as z.ZodType).optional()])) as {
    [K in keyof typeof settings]: z.ZodOptional<(typeof settings)[K]>;
  };
  const item = z
    .object({
      id: z.number().describe(`${title} id`).meta({ example: 7 }),
      uuid: z.uuid().describe(`${title} uuid: what chats name as responderId`).meta({ example: '0b7f9d8e-3c1a-4f5e-9d2b-6a8c7e1f0a3b' }),
      tenantId: z.uuid().describe('Workspace id'),
      name: z.string().meta({ example: kind === 'agent' ? 'Sales assistant' : 'Support team' }),
      picture: z.string().nullable().describe('Avatar URL').meta({ example: 'https://cdn.example.com/avatar.png' }),
      version: z.number().int().describe('Increases on every change').meta({ example: 3 }),
      versionId: z.uuid().describe('Uuid of the current version (a chat pins the version that answered it)'),
      ...settings,
      createdAt: z.string().meta({ example: '2025-03-01T09:30:00.000Z' }),
      updatedAt: z.string().meta({ example: '2025-03-02T14:05:00.000Z' }),
    })
    .meta({ id: title });
  const createBody = z
    .object({
      name: nameSchema.describe(`${title} name`).meta({ example: kind === 'agent' ? 'Sales assistant' : 'Support team' }),
      picture: pictureSchema.optional().describe('Avatar URL'),
      ...optionalSettings,
    })
    .strict()
    .meta({ id: `Create${title}Body` });
  const updateBody = z
    .object({
      name: nameSchema.optional().describe('New name'),
      picture: pictureSchema.optional().describe('New avatar URL; null removes it'),
      ...optionalSettings,
    })
    .strict()
    .meta({ id: `Update${title}Body`, example: { name: 'Renamed' } });
  const list = z
    .object({
      items: z.array(item),
      nextPageToken: z.string().nullable().describe('Pass as pageToken for the next page; null on the last page'),
      totalCount: z.number(),
    })
    .meta({ id: `${title}List` });
  const versionList = z
    .object({
      items: z.array(
        z.object({
          id: z.uuid().describe('Version uuid (004 `responderVersionId`)'),
          version: z.number().int().describe('Version number (004 `responderVersionNumber`)'),
          name: z.string(),
          picture: z.string().nullable(),
          ...settings,
          createdAt: z.string(),
        }),
      ),
      nextPageToken: z.string().nullable(),
      totalCount: z.number(),
    })
    .meta({ id: `${title}VersionList` });
  return { item, createBody, updateBody, list, versionList };
}
