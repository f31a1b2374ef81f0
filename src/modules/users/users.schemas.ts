/** What a team member may do: admins manage the workspace, agents work the inbox. */
export const userRoles = ['admin', 'agent'] as const;
export type UserRole = (typeof userRoles)[number];

export interface User {
  id: number;
  uuid: string;
  tenantId: string;
  email: string;
  name: string;
  role: UserRole;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A write to a user: absent fields stay as they are. */
export interface UserInput {
  email?: string;
  name?: string;
  role?: UserRole;
}

export interface UserFilters {
  active?: boolean;
  role?: UserRole;
  email?: string;
}
