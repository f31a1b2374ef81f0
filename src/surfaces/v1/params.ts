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

/**
 * A UUID in a path (8-4-4-4-12 hex digits, any version): anything else is a 400 naming the
 * parameter, and the OpenAPI document shows the pattern.
 */
export const uuidPathId = (message: string) =>
  z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, message)
    .meta({ format: 'uuid', example: '3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c' });
