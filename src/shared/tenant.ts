import type { Actor } from './actor.js';

/** The workspace a request or job acts for, and who is acting. */
export interface Tenant {
  /** Internal numeric id: the leading column of every tenant-owned key. */
  workspaceId: number;
  /** Public id, shown as `tenantId` / `workspaceId`. */
  workspaceUuid: string;
  /**
   * Who is making the changes: set once per request (the API key) or job (`system`, an
   * agent), and stored with every event recorded for them.
   */
  actor: Actor;
}
