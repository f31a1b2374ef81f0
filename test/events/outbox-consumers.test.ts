import { beforeAll, describe, expect, it } from 'vitest';
import { defineConsumer, type ConsumedEvent } from '../../src/modules/events/consumers.js';
import { recordEvent } from '../../src/modules/events/events.js';
import { actorOf, SYSTEM_ACTOR } from '../../src/shared/actor.js';
import type { Tenant } from '../../src/shared/tenant.js';
import { eventually } from '../helpers/webhook-receiver.js';
import { buildTestServices, type TestServices } from '../helpers/test-services.js';

/** Every handle() call's events, and what committed, as the test consumer saw them. */
const handled: ConsumedEvent<'contact.created' | 'contact.deleted'>[] = [];
const committed: ConsumedEvent<'contact.created' | 'contact.deleted'>[] = [];
/** Set to make the next batch holding a contact of this name fail once. */
let failOnce: string | undefined;

const testConsumer = defineConsumer({
  name: 'test-contacts',
  types: ['contact.created', 'contact.deleted'],
  // Small batches, so that a run spans several and a failure can fall between them.
  batchSize: 2,
  async handle(events, { afterCommit }) {
    handled.push(...events);
    if (failOnce && events.some((event) => event.data.firstName === failOnce)) {
      failOnce = undefined;
      throw new Error('the consumer failed on purpose');
    }
    afterCommit(() => committed.push(...events));
  },
});

let built: TestServices;
let tenant: Tenant;
const names = (events: ConsumedEvent<'contact.created' | 'contact.deleted'>[]) =>
  events.map((event) => `${event.type}:${event.data.firstName}`);

beforeAll(async () => {
  built = await buildTestServices({ register: { consumers: [testConsumer] } });
  tenant = await built.newTenant('Acme');
});

describe('an outbox consumer', () => {
  it('gets each committed event of its types once, in order, with its actor, and never a rolled-back one', async () => {
    const { contacts, companies } = built.services;
    const ada = await contacts.createContact(tenant, { firstName: 'Ada' });
    await companies.createCompany(tenant, { name: 'Not a contact event' });
    await expect(
      built.db.transaction(async (tx) => {
        await recordEvent(tx, tenant, 'contact.created', { ...ada, firstName: 'Rolled back' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await contacts.createContact({ ...tenant, actor: actorOf('agent', 'agent-1') }, { firstName: 'Grace' });
    await contacts.deleteContact(tenant, ada.id);
    await built.drain();
    expect(names(handled)).toEqual(['contact.created:Ada', 'contact.created:Grace', 'contact.deleted:Ada']);
    expect(handled.map((event) => event.actor)).toEqual([tenant.actor, { kind: 'agent', id: 'agent-1' }, tenant.actor]);
    expect(handled[0]).toMatchObject({ workspaceId: tenant.workspaceId, workspaceUuid: tenant.workspaceUuid, data: { id: ada.id } });
    // The data reads back as JSON: dates are strings.
    expect(typeof handled[0]!.data.createdAt).toBe('string');
    await built.drain();
    expect(handled).toHaveLength(3);
  });

  it('resumes from its cursor in a restarted process, redoing only a batch that failed', async () => {
    handled.length = 0;
    committed.length = 0;
    const { contacts } = built.services;
    for (const firstName of ['One', 'Two', 'Three', 'Four', 'Five']) await contacts.createContact(tenant, { firstName });
    failOnce = 'Four';
    await expect(built.drain()).rejects.toThrow('the consumer failed on purpose');
    expect(names(committed)).toEqual(['contact.created:One', 'contact.created:Two']);

    const restarted = await built.restartBackground();
    await restarted.drain();
    // The failed batch (Three, Four) comes again; the committed one does not.
    expect(names(committed)).toEqual([
      'contact.created:One',
      'contact.created:Two',
      'contact.created:Three',
      'contact.created:Four',
      'contact.created:Five',
    ]);
    expect(names(handled)).toEqual([
      'contact.created:One',
      'contact.created:Two',
      'contact.created:Three',
      'contact.created:Four',
      'contact.created:Three',
      'contact.created:Four',
      'contact.created:Five',
    ]);
  });

  it('is woken by a started background as events commit', async () => {
    committed.length = 0;
    const restarted = await built.restartBackground();
    await restarted.start();
    await built.services.contacts.createContact({ ...tenant, actor: SYSTEM_ACTOR }, { firstName: 'Live' });
    const [live] = await eventually(async () => (committed.length > 0 ? committed : undefined), 'the consumer to get the event');
    expect(live).toMatchObject({ type: 'contact.created', actor: { kind: 'system', id: null }, data: { firstName: 'Live' } });
    await restarted.stop();
  });

  it('steps past other types without reading them, yet gets one of its own that commits late', async () => {
    committed.length = 0;
    await built.drain();
    // An open transaction holds a contact event back while later ones commit.
    const held = await built.db.$client.connect();
    try {
      await held.query('BEGIN');
      await held.query(`INSERT INTO events (workspace_id, type, data) VALUES ($1, 'contact.created', '{"firstName":"Late"}')`, [
        tenant.workspaceId,
      ]);
      for (const name of ['One', 'Two', 'Three']) await built.services.companies.createCompany(tenant, { name });
      await built.drain();
      expect(committed).toEqual([]);
      await held.query('COMMIT');
    } finally {
      held.release();
    }
    await built.drain();
    expect(names(committed)).toEqual(['contact.created:Late']);
    // Its cursor is past every event, not on the last company event it would have had to read.
    const { rows } = await built.db.$client.query<{ past: boolean }>(
      `SELECT (c.transaction_id, c.event_id) > (max(e.transaction_id), max(e.id)) AS past
       FROM event_cursors c, events e WHERE c.name = 'test-contacts' GROUP BY c.transaction_id, c.event_id`,
    );
    expect(rows[0]!.past).toBe(true);
  });
});
