import { z } from 'zod';

/** A numeric id in a path: anything else is a 400 naming the parameter. */
export const numericId = (description: string) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .positive('must be positive')
    .max(Number.MAX_SAFE_INTEGER)
    .describe(description);

export const idParams = (description: string) => z.object({ id: numericId(description) });
