/**
 * Switchboard's TypeScript client: every route of the public API, typed from the committed
 * OpenAPI document (docs/openapi.json) by openapi-typescript, called through openapi-fetch.
 * The team inbox uses it too. See README, "TypeScript client".
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './openapi-types.js';

export type { components, paths };
export type SwitchboardClient = Client<paths>;
/** A schema of the API by its OpenAPI name, e.g. `Schema<'User'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

export type SwitchboardAuth =
  /** A workspace API key (servers, scripts): sent as `Authorization: Bearer <key>`. */
  | { apiKey: string }
  /**
   * A team member's browser session (the inbox): the cookie goes with every request, and the
   * session's CSRF token (from login or GET /api/v1/auth/me) with every write.
   */
  | { cookie: true; csrfToken: () => string | undefined };

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createSwitchboardClient(baseUrl: string, auth: SwitchboardAuth, options: { fetch?: typeof fetch } = {}): SwitchboardClient {
  const client = createClient<paths>({
    baseUrl,
    fetch: options.fetch,
    credentials: 'cookie' in auth ? 'same-origin' : 'omit',
  });
  const credentials: Middleware = {
    onRequest({ request }) {
      if ('apiKey' in auth) request.headers.set('authorization', `Bearer ${auth.apiKey}`);
      else {
        const token = auth.csrfToken();
        if (token && UNSAFE.has(request.method)) request.headers.set('x-csrf-token', token);
      }
      return request;
    },
  };
  client.use(credentials);
  return client;
}
