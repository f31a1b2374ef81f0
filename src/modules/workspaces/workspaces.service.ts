import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../shared/actor.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import * as repository from './workspaces.repository.js';

export interface Workspace {
  id: string;
  name: string;
  createdAt: Date;
}

/** What is kept of an API key: never the key itself. */
export interface ApiKeySummary {
  id: string;
  /** The key's first characters, to tell keys apart. */
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface IssuedApiKey {
  /** The key itself: shown once, only its hash is kept. */
  apiKey: string;
  id: string;
}

const KEY_PREFIX = 'sb_';
/** How long a verified key is trusted without asking the database again (revocation delay on other processes). */
const KEY_CACHE_MS = 10_000;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function toWorkspace(row: repository.WorkspaceRow): Workspace {
  return { id: row.uuid, name: row.name, createdAt: row.createdAt };
}

/** What a valid API key opens: its workspace, and the key's own public id (the actor of what it changes). */
export interface AuthenticatedKey {
  workspaceId: number;
  workspaceUuid: string;
  apiKeyId: string;
}

export class WorkspacesService {
  private readonly keyCache = new Map<string, { key: AuthenticatedKey; expiresAt: number }>();
  private readonly revocationListeners = new Set<(keyHash: string) => void>();

  constructor(private readonly db: Database) {}

  async createWorkspace(name: string): Promise<{ workspace: Workspace; apiKey: string; apiKeyId: string }> {
    return this.db.transaction(async (tx) => {
      const row = await repository.insertWorkspace(tx, name);
      const apiKey = generateApiKey();
      const { uuid } = await repository.insertApiKey(tx, row.id, hashApiKey(apiKey), apiKey.slice(0, 8));
      return { workspace: toWorkspace(row), apiKey, apiKeyId: uuid };
    });
  }

  async listWorkspaces(): Promise<Workspace[]> {
    return (await repository.findWorkspaces(this.db)).map(toWorkspace);
  }

  /** The workspace with this id, or the first (default) workspace when none is given. */
  async getWorkspace(workspaceUuid?: string): Promise<Workspace> {
    const row = workspaceUuid ? await repository.findWorkspaceByUuid(this.db, workspaceUuid) : await repository.findFirstWorkspace(this.db);
    if (!row) throw notFound('workspace', workspaceUuid ?? 'default');
    return toWorkspace(row);
  }

  /** A workspace's keys, revoked ones included, oldest first. */
  async listApiKeys(workspaceUuid: string): Promise<ApiKeySummary[]> {
    const workspace = await repository.findWorkspaceByUuid(this.db, workspaceUuid);
    if (!workspace) throw notFound('workspace', workspaceUuid);
    const rows = await repository.findApiKeysOfWorkspace(this.db, workspace.id);
    return rows.map((row) => ({ id: row.uuid, prefix: row.prefix, createdAt: row.createdAt, revokedAt: row.revokedAt }));
  }

  async issueApiKey(workspaceUuid: string): Promise<IssuedApiKey> {
    const workspace = await repository.findWorkspaceByUuid(this.db, workspaceUuid);
    if (!workspace) throw notFound('workspace', workspaceUuid);
    const apiKey = generateApiKey();
    const { uuid } = await repository.insertApiKey(this.db, workspace.id, hashApiKey(apiKey), apiKey.slice(0, 8));
    return { apiKey, id: uuid };
  }

  async revokeApiKey(keyUuid: string): Promise<void> {
    const keyHash = await repository.revokeApiKeyByUuid(this.db, keyUuid);
    if (!keyHash) throw notFound('API key', keyUuid);
    this.keyCache.delete(keyHash);
    for (const listener of this.revocationListeners) listener(keyHash);
  }

  /** Calls `listener` with the hash of each key revoked through this process; returns the unsubscribe. */
  onKeyRevoked(listener: (keyHash: string) => void): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  /**
   * Which of these key hashes still open a workspace, asked of the database (not the cache):
   * how a process learns of keys revoked through another one.
   */
  async activeKeyHashes(keyHashes: string[]): Promise<Set<string>> {
    if (keyHashes.length === 0) return new Set();
    return new Set(await repository.findActiveKeyHashes(this.db, keyHashes));
  }

  /**
   * Makes sure the operator's chosen key opens the default (first) workspace, creating that
   * workspace when the database is empty. Returns a newly generated key only when the
   * database had no workspace and no key was chosen, so it can be printed once.
   */
  async ensureDefaultWorkspace(bootstrapKey?: string): Promise<{ workspace: Workspace; newApiKey?: { apiKey: string; id: string } }> {
    const existing = await repository.findFirstWorkspace(this.db);
    if (!existing) {
      const created = await this.createWorkspace('Default workspace');
      if (!bootstrapKey) return { workspace: created.workspace, newApiKey: { apiKey: created.apiKey, id: created.apiKeyId } };
    }
    const workspace = existing ?? (await repository.findFirstWorkspace(this.db))!;
    if (bootstrapKey) {
      const keyHash = hashApiKey(bootstrapKey);
      const known = await repository.findKeyByHash(this.db, keyHash);
      if (known && known.workspaceId !== workspace.id) {
        throw new AppError('CONFLICT', 'BOOTSTRAP_API_KEY already belongs to another workspace');
      }
      if (!known) await repository.insertApiKey(this.db, workspace.id, keyHash, bootstrapKey.slice(0, 8));
    }
    return { workspace: toWorkspace(workspace) };
  }

  /**
   * The tenant a job acts as, for a workspace it was given by id: `SYSTEM_ACTOR` for the
   * platform's own work, an agent for an agent's. Undefined when the workspace is gone.
   */
  async tenantFor(workspaceId: number, actor: Actor): Promise<Tenant | undefined> {
    const row = await repository.findWorkspaceById(this.db, workspaceId);
    return row && { workspaceId: row.id, workspaceUuid: row.uuid, actor };
  }

  /** The workspace a presented key opens and the key's id, or undefined for an unknown or revoked key. */
  async authenticate(key: string): Promise<AuthenticatedKey | undefined> {
    const keyHash = hashApiKey(key);
    const cached = this.keyCache.get(keyHash);
    if (cached && cached.expiresAt > Date.now()) return cached.key;
    const row = await repository.findActiveKeyByHash(this.db, keyHash);
    if (!row) {
      this.keyCache.delete(keyHash);
      return undefined;
    }
    const authenticated: AuthenticatedKey = { workspaceId: row.workspaceId, workspaceUuid: row.workspaceUuid, apiKeyId: row.keyUuid };
    if (this.keyCache.size > 10_000) this.keyCache.clear();
    this.keyCache.set(keyHash, { key: authenticated, expiresAt: Date.now() + KEY_CACHE_MS });
    return authenticated;
  }
}

function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(24).toString('base64url');
}
