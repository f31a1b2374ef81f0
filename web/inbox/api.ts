import { createSwitchboardClient, type Schema } from '../../src/client/index.js';

export type { Schema };
export type Session = Schema<'Session'>;

/** The session's CSRF token, set at login and when the session is read back (GET /auth/me). */
let csrfToken: string | undefined;
export function rememberCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The inbox's only way to the server: the typed client, with the session cookie. */
export const api = createSwitchboardClient(window.location.origin, { cookie: true, csrfToken: () => csrfToken });

/** An API answer's data, or a thrown Error carrying the server's message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const message = (error as { message?: string } | undefined)?.message ?? `${response.status} ${response.statusText}`;
    throw new Error(message);
  }
  return data as T;
}
