/** A stage of a funnel; `position` is its 0-based place in the funnel's order. */
export interface FunnelStatus {
  id: number;
  tenantId: string;
  funnelId: number;
  name: string;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Funnel {
  id: number;
  tenantId: string;
  name: string;
  description: string | null;
  /** In funnel order. */
  statuses: FunnelStatus[];
  createdAt: Date;
  updatedAt: Date;
}

export interface NewFunnel {
  name: string;
  description?: string | null;
  /** Statuses to create with the funnel, in this order. */
  statuses?: { name: string }[];
}

/** A partial update: only the properties present change; null clears the description. */
export interface FunnelChanges {
  name?: string;
  description?: string | null;
}

export interface NewFunnelStatus {
  name: string;
  /** Where to insert it (0 = first); past the end or absent appends it. */
  position?: number;
}

export type FunnelStatusChanges = Partial<NewFunnelStatus>;

/** Statuses per funnel: pipelines have a handful of stages, and the list is returned whole. */
export const MAX_STATUSES_PER_FUNNEL = 100;
