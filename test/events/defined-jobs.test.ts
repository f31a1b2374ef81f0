import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { inJobTransaction } from '../../src/jobs/connection.js';
import { defineJob } from '../../src/jobs/define-job.js';
import { actorOf } from '../../src/shared/actor.js';
import { buildTestServices, type TestServices } from '../helpers/test-services.js';

const greeted: string[] = [];

const greetJob = defineJob({
  name: 'test-greet',
  schema: z.object({ name: z.string().min(1) }),
  concurrency: 1,
  async handler({ name }) {
    greeted.push(name);
  },
});

/** A job acting for a workspace as an agent: what it changes is recorded as the agent's doing. */
const agentJob = defineJob({
  name: 'test-agent-writes',
  schema: z.object({ workspaceId: z.number().int(), agentId: z.string() }),
  concurrency: 1,
  async handler({ workspaceId, agentId }, { services }) {
    const tenant = await services.workspaces.tenantFor(workspaceId, actorOf('agent', agentId));
    if (tenant) await services.contacts.createContact(tenant, { firstName: 'Made by an agent' });
  },
});

let built: TestServices;

beforeAll(async () => {
  built = await buildTestServices({ register: { jobs: [greetJob, agentJob] } });
  // The queue exists once the background's job queue has started.
  await built.drain();
});

describe('a defined job', () => {
  it('runs the jobs sent in a transaction that committed, and not those of one rolled back', async () => {
    const { jobs } = built.services;
    await inJobTransaction(built.db, (transaction) =>
      greetJob.send(jobs, transaction, [{ data: { name: 'Ada' } }, { data: { name: 'Grace' } }]),
    );
    await expect(
      inJobTransaction(built.db, async (transaction) => {
        await greetJob.send(jobs, transaction, [{ data: { name: 'Rolled back' } }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await built.drain();
    expect(greeted.sort()).toEqual(['Ada', 'Grace']);
  });

  it('acts as the actor it was given, which every event it causes carries', async () => {
    const tenant = await built.newTenant('Agents');
    await inJobTransaction(built.db, (transaction) =>
      agentJob.send(built.services.jobs, transaction, [{ data: { workspaceId: tenant.workspaceId, agentId: 'agent-7' } }]),
    );
    await built.drain();
    const events = await built.db.execute<{ type: string; actor_kind: string; actor_id: string }>(
      sql`SELECT type, actor_kind, actor_id FROM events WHERE workspace_id = ${tenant.workspaceId}`,
    );
    expect(events.rows).toEqual([{ type: 'contact.created', actor_kind: 'agent', actor_id: 'agent-7' }]);
  });

  it('refuses a payload its schema does not accept, when it is sent', async () => {
    await expect(
      inJobTransaction(built.db, (transaction) => greetJob.send(built.services.jobs, transaction, [{ data: { name: '' } }])),
    ).rejects.toThrow();
  });
});
