import type { Database, Executor } from '../../db/client.js';
import { AppError, notFound } from '../../shared/errors.js';
import { decodePageToken, encodePageToken, queryFingerprint, type Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import { recordEvent } from '../events/events.js';
import * as repository from './users.repository.js';
import type { User, UserFilters, UserInput, UserRole } from './users.schemas.js';

export function toUser(tenant: Tenant, row: repository.UserRow): User {
  return {
    id: row.id,
    uuid: row.uuid,
    tenantId: tenant.workspaceUuid,
    email: row.email,
    name: row.name,
    role: row.role as UserRole,
    active: row.active,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The team member a free-form reference names (a message's `userId`, which callers wrote
 * before users existed): a user's uuid, numeric id or email. Anything else names nobody and
 * is kept as it was written.
 */
export async function findUserByReference(db: Executor, workspaceId: number, reference: string | null | undefined) {
  const value = reference?.trim();
  if (!value) return undefined;
  if (UUID.test(value)) return repository.findUserRow(db, workspaceId, { uuid: value.toLowerCase() });
  if (/^\d{1,15}$/.test(value)) return repository.findUserRow(db, workspaceId, { id: Number(value) });
  if (value.includes('@')) return repository.findUserRow(db, workspaceId, { email: value.toLowerCase() });
  return undefined;
}

/** A user who may be given work (a ticket): exists in the workspace and is active. */
export async function assignableUser(db: Executor, workspaceId: number, id: number): Promise<repository.UserRow> {
  const row = await repository.findUserRow(db, workspaceId, { id });
  if (!row) throw notFound('user', id);
  if (!row.active) throw new AppError('CONFLICT', `user ${id} is deactivated and cannot be assigned`, { field: 'assigneeUserId' });
  return row;
}

/** Team members (`/api/v1/users`). Logging in is the inbox's business, not this service's. */
export class UsersService {
  constructor(private readonly db: Database) {}

  async createUser(tenant: Tenant, input: Required<Pick<UserInput, 'email' | 'name'>> & UserInput): Promise<User> {
    return this.db.transaction(async (tx) => {
      const email = input.email.toLowerCase();
      const row = await repository.insertUser(tx, tenant.workspaceId, { email, name: input.name, role: input.role ?? 'agent' });
      if (!row) throw emailTaken(email);
      const user = toUser(tenant, row);
      await recordEvent(tx, tenant, 'user.created', user);
      return user;
    });
  }

  async getUserById(tenant: Tenant, id: number): Promise<User> {
    const row = await repository.findUserRow(this.db, tenant.workspaceId, { id });
    if (!row) throw notFound('user', id);
    return toUser(tenant, row);
  }

  async findUsers(tenant: Tenant, filters: UserFilters, page: { limit: number; pageToken?: string }): Promise<Page<User>> {
    const fingerprint = queryFingerprint({ list: 'users', filters });
    const afterId = page.pageToken ? Number(decodePageToken(page.pageToken, tenant.workspaceId, fingerprint, 1)[0]) : undefined;
    const normalized = { ...filters, email: filters.email?.toLowerCase() };
    const { rows, total } = await repository.findUserRows(this.db, tenant.workspaceId, normalized, { limit: page.limit + 1, afterId });
    const items = rows.slice(0, page.limit).map((row) => toUser(tenant, row));
    const last = items.at(-1);
    const nextPageToken = rows.length > page.limit && last ? encodePageToken(tenant.workspaceId, fingerprint, [last.id]) : null;
    return { items, nextPageToken, totalCount: total };
  }

  async updateUser(tenant: Tenant, id: number, input: UserInput & { active?: boolean }): Promise<User> {
    return this.db.transaction(async (tx) => {
      const current = await repository.findUserRow(tx, tenant.workspaceId, { id });
      if (!current) throw notFound('user', id);
      const email = input.email?.toLowerCase();
      if (email && email !== current.email && (await repository.findUserRow(tx, tenant.workspaceId, { email }))) throw emailTaken(email);
      const row = await repository.updateUserRow(tx, tenant.workspaceId, id, {
        ...(email !== undefined ? { email } : {}),
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
      });
      const user = toUser(tenant, row);
      await recordEvent(tx, tenant, 'user.updated', user);
      return user;
    });
  }

  /** Deactivated members keep their tickets and history but cannot be assigned new work. */
  async setActive(tenant: Tenant, id: number, active: boolean): Promise<User> {
    return this.updateUser(tenant, id, { active });
  }
}

function emailTaken(email: string): AppError {
  return new AppError('CONFLICT', `email: a user with ${email} already exists in this workspace`, { field: 'email' });
}
