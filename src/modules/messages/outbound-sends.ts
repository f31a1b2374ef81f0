import type { Database } from '../../db/client.js';
import type { JobTransaction } from '../../jobs/connection.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { SYSTEM_ACTOR } from '../../shared/actor.js';
import type { Tenant } from '../../shared/tenant.js';
import { deliver, type DeliveryDependencies } from './delivery.js';
import { loadMessage } from './message-writes.js';
import { claimPendingMessage, findUnsentMessages } from './messages.repository.js';
import type { Message } from './messages.schemas.js';

import { outboundSendJob, type OutboundSendJob } from './outbound-send-jobs.js';

const SWEEP_BATCH = 100;

/**
 * Durable outbound sends (docs/architecture.md, "Durable sends"). A message to be handed to a
 * provider is stored pending together with a job, in one transaction; the request then tries
 * at once. Whoever sends first claims the message with a conditional update, so a message is
 * sent once however the request, its job and the sweep race; a claim older than the claim
 * timeout is taken as lost (its process died) and the message can be claimed again.
 */
export class OutboundSends {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly dependencies: DeliveryDependencies,
    private readonly options: { claimTimeoutMs: number },
  ) {}

  /**
   * Queues the message's send in the caller's transaction. It runs once a claim made right
   * after the commit would have timed out: by then the request has sent the message (the job
   * finds nothing to do) or has died.
   */
  async queue(transaction: JobTransaction, tenant: Tenant, messageId: number): Promise<void> {
    const job: OutboundSendJob = { workspaceId: tenant.workspaceId, workspaceUuid: tenant.workspaceUuid, messageId };
    await outboundSendJob.send(this.jobs, transaction, [{ data: job, delayMs: this.options.claimTimeoutMs + 1000 }], {
      retryLimit: 10,
      expireInSeconds: Math.ceil(this.options.claimTimeoutMs / 1000) + 60,
    });
  }

  /** Sends a pending message unless another sender holds it or it has left pending; returns the message as it then is. */
  async send(tenant: Tenant, messageId: number): Promise<Message> {
    const claimed = await claimPendingMessage(this.db, tenant.workspaceId, messageId, this.options.claimTimeoutMs);
    if (!claimed) return loadMessage(this.db, tenant, messageId);
    return deliver(this.db, tenant, claimed.message, claimed.channel, this.dependencies);
  }

  /** The job's work. A message another sender still holds fails the job, so pg-boss tries again later. */
  async runJob(job: OutboundSendJob): Promise<void> {
    const message = await this.send({ workspaceId: job.workspaceId, workspaceUuid: job.workspaceUuid, actor: SYSTEM_ACTOR }, job.messageId);
    if (message.status === 'pending') throw new Error(`message ${message.uuid} is held by another sender; trying again after its claim`);
  }

  /** Sends what was left pending and unclaimed past the claim timeout, whose job was lost or ran out of retries. */
  async sweep(): Promise<number> {
    let sent = 0;
    for (const unsent of await findUnsentMessages(this.db, this.options.claimTimeoutMs, SWEEP_BATCH)) {
      const message = await this.send(
        { workspaceId: unsent.workspaceId, workspaceUuid: unsent.workspaceUuid, actor: SYSTEM_ACTOR },
        unsent.id,
      );
      if (message.status !== 'pending') sent += 1;
    }
    return sent;
  }
}
