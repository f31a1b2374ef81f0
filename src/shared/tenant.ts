/** The workspace a request acts for, resolved from its API key. */
export interface Tenant {
  /** Internal numeric id: the leading column of every tenant-owned key. */
  workspaceId: number;
  /** Public id, shown as `tenantId` / `workspaceId`. */
  workspaceUuid: string;
}
