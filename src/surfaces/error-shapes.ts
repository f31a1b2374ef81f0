import type { AppError } from '../shared/errors.js';
import { agentsContactsErrorBody } from './agents-contacts/errors.js';
import { chatsErrorBody } from './chats/errors.js';
import { supportErrorBody } from './support/errors.js';
import { v1ErrorBody } from './v1/errors.js';
import { webhookErrorBody } from './webhooks/errors.js';
import { widgetErrorBody } from './widget/errors.js';

type ErrorFormat = (error: AppError) => unknown;

/** Each surface's error shape by the URL prefix it serves; the longest prefix wins. */
const shapes: Array<{ prefix: string; format: ErrorFormat }> = [
  { prefix: '/api/v1', format: v1ErrorBody },
  { prefix: '/api/v1/chats', format: chatsErrorBody },
  { prefix: '/api/agents/customerSupport', format: (error: AppError) => supportErrorBody(error, false) },
  { prefix: '/api/agents', format: agentsContactsErrorBody },
  { prefix: '/webhooks', format: webhookErrorBody },
  { prefix: '/admin/v1', format: v1ErrorBody },
  { prefix: '/api/widget/v1', format: widgetErrorBody },
].sort((a, b) => b.prefix.length - a.prefix.length);

/**
 * The error shape for a failure no surface's own error handler formats (no route matched, a URL
 * that does not decode, a page or script outside the surfaces): that of the surface whose
 * prefix the path starts with, else v1's.
 */
export function errorFormatFor(url: string): ErrorFormat {
  const path = url.split('?')[0]!;
  return shapes.find((shape) => path === shape.prefix || path.startsWith(`${shape.prefix}/`))?.format ?? v1ErrorBody;
}
