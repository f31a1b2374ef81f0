import { z } from 'zod';

/**
 * The parts of Vapi's server messages (https://docs.vapi.ai/server-url/events) that calls
 * keep. Loose: Vapi adds fields often, and a field we do not know never refuses a message.
 */
const iso = z.string().refine((value) => !Number.isNaN(Date.parse(value)));
const maybe = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const recordingSchema = z.looseObject({
  stereoUrl: maybe(z.string().min(1)),
  mono: maybe(z.looseObject({ combinedUrl: maybe(z.string().min(1)) })),
});

/** artifact.messages: `{ role: 'bot' | 'user' | 'system' | 'tool_calls' …, message, secondsFromStart, duration }`. */
const spokenSchema = z.looseObject({
  role: z.string(),
  message: maybe(z.string()),
  secondsFromStart: maybe(z.number()),
  duration: maybe(z.number()),
});

const toolCallSchema = z.looseObject({
  id: z.string(),
  function: z.looseObject({ name: z.string(), arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).default({}) }),
});

export const vapiServerMessageSchema = z.object({
  message: z.looseObject({
    type: z.string({ error: 'message.type is required' }),
    status: maybe(z.string()),
    endedReason: maybe(z.string().min(1)),
    call: maybe(z.looseObject({ id: maybe(z.string().min(1)), startedAt: maybe(iso), endedAt: maybe(iso) })),
    startedAt: maybe(iso),
    endedAt: maybe(iso),
    durationSeconds: maybe(z.number()),
    cost: maybe(z.number()),
    /** Deprecated by Vapi in favour of artifact.recording, still sent. */
    recordingUrl: maybe(z.string().min(1)),
    stereoRecordingUrl: maybe(z.string().min(1)),
    transcript: maybe(z.string().min(1)),
    messages: maybe(z.array(spokenSchema)),
    artifact: maybe(
      z.looseObject({
        recording: maybe(recordingSchema),
        recordingUrl: maybe(z.string().min(1)),
        stereoRecordingUrl: maybe(z.string().min(1)),
        transcript: maybe(z.string().min(1)),
        messages: maybe(z.array(spokenSchema)),
      }),
    ),
    toolCallList: maybe(z.array(toolCallSchema)),
  }),
});

export type VapiServerMessage = z.infer<typeof vapiServerMessageSchema>['message'];
export type VapiSpokenMessage = z.infer<typeof spokenSchema>;
