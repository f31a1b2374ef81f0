import type { FastifyReply } from 'fastify';
import type { Config } from '../../config.js';
import { RateLimiter } from '../../modules/rate-limits/rate-limiter.js';
import { AppError } from '../../shared/errors.js';

/**
 * The public widget API's budgets, in this process's memory: requests per client IP (every
 * route) and messages per visitor. A refusal is RATE_LIMITED with Retry-After.
 */
export class WidgetLimits {
  private readonly perIp: RateLimiter;
  private readonly perVisitor: RateLimiter;

  constructor(
    config: Pick<Config, 'RATE_LIMIT_ENABLED' | 'RATE_LIMIT_WINDOW_SECONDS' | 'WIDGET_RATE_LIMIT_PER_IP' | 'WIDGET_MESSAGES_PER_VISITOR'>,
  ) {
    const windowMs = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    const limiter = (limit: number) =>
      new RateLimiter({ enabled: config.RATE_LIMIT_ENABLED, windowMs, limits: { general: limit, search: limit } });
    this.perIp = limiter(config.WIDGET_RATE_LIMIT_PER_IP);
    this.perVisitor = limiter(config.WIDGET_MESSAGES_PER_VISITOR);
  }

  request(ip: string, reply: FastifyReply): void {
    this.take(this.perIp, `ip:${ip}`, reply, 'requests from this address');
  }

  message(visitorId: string, reply: FastifyReply): void {
    this.take(this.perVisitor, `visitor:${visitorId}`, reply, 'messages from this visitor');
  }

  private take(limiter: RateLimiter, key: string, reply: FastifyReply, what: string): void {
    if (!limiter.options.enabled) return;
    // Per process, in memory (the widget's limits are not shared through PostgreSQL yet).
    const decision = limiter.takeInMemory(key, 'general');
    if (decision.allowed) return;
    reply.header('Retry-After', decision.resetSeconds);
    const seconds = Math.round(limiter.options.windowMs / 1000);
    throw new AppError(
      'RATE_LIMITED',
      `More than ${decision.limit} ${what} in ${seconds} seconds; retry in ${decision.resetSeconds} seconds`,
      {
        retryAfterSeconds: decision.resetSeconds,
      },
    );
  }
}
