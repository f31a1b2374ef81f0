import { z } from 'zod';

/** What a customer turn expects of the agent's reply. */
const turnSchema = z
  .object({
    customer: z.string().min(1),
    /** Each string must appear in the reply (case- and accent-insensitive): the knowledge-base fact. */
    facts: z.array(z.string()).optional(),
    /** Details the agent must capture from this message (field → value, phones in E.164). */
    capture: z.record(z.string(), z.string()).optional(),
    /** true: an explicit request for a person (must hand off); false or absent: must not hand off. */
    handoff: z.boolean().optional(),
    /** false: the knowledge base does not hold the answer, and the agent should say so. */
    answerable: z.boolean().optional(),
  })
  .strict();

const scenarioSchema = z
  .object({
    business: z.string(),
    kind: z.enum(['shop', 'clinic', 'school', 'real estate', 'other']),
    /** ISO country for phone numbers written without a country code. */
    country: z.string().regex(/^[A-Z]{2}$/),
    agent: z
      .object({
        language: z.enum(['en', 'es', 'auto']).default('auto'),
        captureFields: z.array(z.string()).default(['name', 'email', 'phone']),
        handoffKeywords: z.array(z.string()).default([]),
        handoffAfterMisses: z.number().int().min(1).nullable().default(3),
      })
      .strict(),
    knowledge: z.array(
      z.object({ title: z.string(), format: z.enum(['text', 'markdown']).default('markdown'), content: z.string() }).strict(),
    ),
    conversations: z.array(z.object({ id: z.string(), language: z.enum(['en', 'es']), turns: z.array(turnSchema).min(1) }).strict()).min(1),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema> & { file: string };
export type Turn = z.infer<typeof turnSchema>;

export function parseScenario(value: unknown, file: string): Scenario {
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return { ...parsed.data, file: file.split('/').pop()! };
}
