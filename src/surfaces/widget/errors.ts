import { z } from 'zod';
import type { AppError } from '../../shared/errors.js';

/** The public widget API's error body: `{error:{code,message}}`. */
export const widgetErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Machine-readable error code').meta({ example: 'UNAUTHENTICATED' }),
      message: z.string().describe('What went wrong, naming the field where there is one').meta({
        example: 'websiteToken: no widget channel has this website token (copy it from the channel settings)',
      }),
    }),
  })
  .meta({ id: 'WidgetError' });

export function widgetErrorBody(error: AppError): z.infer<typeof widgetErrorSchema> {
  return { error: { code: error.code, message: error.message } };
}
