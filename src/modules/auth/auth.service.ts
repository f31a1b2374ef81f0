import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { actorOf, SYSTEM_ACTOR } from '../../shared/actor.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import { RateLimiter } from '../rate-limits/rate-limiter.js';
import type { UsersService } from '../users/users.service.js';
import { toUser } from '../users/users.service.js';
import type { User } from '../users/users.schemas.js';
import * as workspacesRepository from '../workspaces/workspaces.repository.js';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyNobody, verifyPassword } from './passwords.js';
import * as repository from './sessions.repository.js';

export interface AuthOptions {
  sessionTtlMs: number;
  loginWindowMs: number;
  maxAttemptsPerEmail: number;
  maxAttemptsPerIp: number;
}

/** What a valid session cookie proves: the member, acting in their workspace. */
export interface Session {
  tenant: Tenant;
  user: User;
  /** SHA-256 of the cookie's token (how open event streams are tied to the session). */
  tokenHash: string;
  csrfToken: string;
  expiresAt: Date;
}

const TOUCH_EVERY_MS = 60_000;
const WRONG_CREDENTIALS = 'The email or password is not correct';

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The CSRF token of a session: derived from the session's secret token, so it needs no storage
 * and cannot be computed by a page that cannot read the HttpOnly session cookie.
 */
export function csrfTokenOf(token: string): string {
  return createHash('sha256').update(`csrf:${token}`).digest('base64url');
}

/** Team members' logins and inbox sessions (docs/inbox.md). */
export class AuthService {
  private readonly emailAttempts: RateLimiter;
  private readonly ipAttempts: RateLimiter;
  private readonly revocationListeners = new Set<(tokenHash: string) => void>();

  constructor(
    private readonly db: Database,
    private readonly dependencies: { users: UsersService },
    private readonly options: AuthOptions,
  ) {
    const limiter = (max: number) =>
      // In PostgreSQL, so every API process counts the same attempts.
      new RateLimiter({ enabled: true, windowMs: options.loginWindowMs, limits: { general: max, search: max } }, Date.now, db);
    this.emailAttempts = limiter(options.maxAttemptsPerEmail);
    this.ipAttempts = limiter(options.maxAttemptsPerIp);
  }

  /**
   * Checks an email and password and opens a session. Every failure says the same thing, whether
   * the email is unknown, the member deactivated or the password wrong. Attempts count per email
   * and per IP address, successful or not.
   */
  async login(input: { email: string; password: string; workspaceId?: string; ip: string }): Promise<Session & { token: string }> {
    const email = input.email.trim().toLowerCase();
    for (const [limiter, key, what] of [
      [this.ipAttempts, `login-ip:${input.ip}`, 'from this address'],
      [this.emailAttempts, `login-email:${email}`, 'for this email'],
    ] as const) {
      const decision = await limiter.take(key, 'general');
      if (!decision.allowed) {
        throw new AppError('RATE_LIMITED', `Too many login attempts ${what}; retry in ${decision.resetSeconds} seconds`, {
          retryAfterSeconds: decision.resetSeconds,
        });
      }
    }
    const candidates = await repository.findLoginCandidates(this.db, email, input.workspaceId);
    if (candidates.length === 0) await verifyNobody(input.password);
    for (const candidate of candidates) {
      if (!(await verifyPassword(candidate.user.passwordHash!, input.password))) continue;
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + this.options.sessionTtlMs);
      const tokenHash = hashSessionToken(token);
      await repository.insertSession(this.db, candidate.user.workspaceId, { userId: candidate.user.id, tokenHash, expiresAt });
      const tenant = tenantOf(candidate.user.workspaceId, candidate.workspaceUuid, candidate.user.uuid);
      return { token, tokenHash, csrfToken: csrfTokenOf(token), expiresAt, tenant, user: toUser(tenant, candidate.user) };
    }
    throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  }

  /** The session a cookie's token opens, or undefined (unknown, expired, or its member deactivated). */
  async authenticate(token: string): Promise<Session | undefined> {
    const tokenHash = hashSessionToken(token);
    const found = await repository.findLiveSession(this.db, tokenHash);
    if (!found || !found.user.active) return undefined;
    if (Date.now() - found.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await repository.touchSession(this.db, found.session.workspaceId, found.session.id);
    }
    const tenant = tenantOf(found.session.workspaceId, found.workspaceUuid, found.user.uuid);
    return { tenant, user: toUser(tenant, found.user), tokenHash, csrfToken: csrfTokenOf(token), expiresAt: found.session.expiresAt };
  }

  async logout(tokenHash: string): Promise<void> {
    await repository.deleteSessionByHash(this.db, tokenHash);
    for (const listener of this.revocationListeners) listener(tokenHash);
  }

  /** Calls `listener` with the token hash of each session ended here (open event streams close). */
  onSessionEnded(listener: (tokenHash: string) => void): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  async liveTokenHashes(tokenHashes: string[]): Promise<Set<string>> {
    return new Set(await repository.findLiveTokenHashes(this.db, tokenHashes));
  }

  /** Sets a member's password (ending their sessions). */
  async setPassword(tenant: Tenant, userId: number, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new AppError('VALIDATION_FAILED', `password: must be at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' });
    }
    await this.dependencies.users.getUserById(tenant, userId);
    await repository.setPasswordHash(this.db, tenant.workspaceId, userId, await hashPassword(password));
  }

  /**
   * Creates a member who can log in (the CLI, first start): in the given workspace or the
   * default one, with the password given or a generated one, returned so it can be shown once.
   */
  async createMemberWithPassword(input: {
    email: string;
    name: string;
    admin: boolean;
    password?: string;
    workspaceId?: string;
  }): Promise<{ user: User; password: string; generated: boolean }> {
    const workspace = input.workspaceId
      ? await workspacesRepository.findWorkspaceByUuid(this.db, input.workspaceId)
      : await workspacesRepository.findFirstWorkspace(this.db);
    if (!workspace) throw notFound('workspace', input.workspaceId ?? 'default');
    const tenant: Tenant = { workspaceId: workspace.id, workspaceUuid: workspace.uuid, actor: SYSTEM_ACTOR };
    const password = input.password ?? generatePassword();
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new AppError('VALIDATION_FAILED', `password: must be at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' });
    }
    const user = await this.dependencies.users.createUser(tenant, {
      email: input.email,
      name: input.name,
      role: input.admin ? 'admin' : 'agent',
    });
    await repository.setPasswordHash(this.db, tenant.workspaceId, user.id, await hashPassword(password));
    return { user, password, generated: input.password === undefined };
  }

  /** At first start: an admin for the default workspace when nobody can log in anywhere yet. */
  async ensureFirstAdmin(email: string): Promise<{ email: string; password: string } | undefined> {
    if (await repository.anyUserWithPassword(this.db)) return undefined;
    const { user, password } = await this.createMemberWithPassword({ email, name: 'Admin', admin: true });
    return { email: user.email, password };
  }
}

function tenantOf(workspaceId: number, workspaceUuid: string, userUuid: string): Tenant {
  return { workspaceId, workspaceUuid, actor: actorOf('user', userUuid) };
}
