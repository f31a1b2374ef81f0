import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connectionConfigOf, poolOf } from '../../src/jobs/connection.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { buildTestApp } from '../helpers/test-app.js';
import { eventually } from '../helpers/webhook-receiver.js';

const app = await buildTestApp();
const queue = new JobQueue(connectionConfigOf(app.database.db), { pollingIntervalSeconds: 0.5 });
const errors: string[] = [];
const warnings: string[] = [];
await queue.start(
  (message) => errors.push(message),
  [],
  (message) => warnings.push(message),
);
afterAll(() => queue.stop());

/** Ends the job queue's connections, as PostgreSQL does when it shuts down or restarts (Ctrl-C reaches it too). */
async function terminateJobConnections(): Promise<number> {
  const database = new URL(poolOf(app.database.db).options.connectionString!).pathname.slice(1);
  const admin = new pg.Client({ connectionString: inject('serverUrl') });
  await admin.connect();
  try {
    const result = await admin.query<{ ended: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS ended
       FROM (SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'switchboard-jobs' OFFSET 0) AS backends`,
      [database],
    );
    return result.rows[0]!.ended;
  } finally {
    await admin.end();
  }
}

describe('the job queue losing its database connections', () => {
  it('says so in one warning line, not an error dump per connection', async () => {
    expect(await terminateJobConnections()).toBeGreaterThanOrEqual(1);
    await eventually(async () => (warnings.length > 0 ? true : undefined), 'a warning');
    expect(warnings).toEqual([expect.stringMatching(/^job queue: lost its database connection \(.+\); reconnecting$/)]);
    expect(errors).toEqual([]);
  });
});
