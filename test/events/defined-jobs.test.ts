import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inJobTransaction } from '../../src/jobs/connection.js';
import { defineJob } from '../../src/jobs/define-job.js';
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

let built: TestServices;

beforeAll(async () => {
  built = await buildTestServices({ register: { jobs: [greetJob] } });
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

  it('refuses a payload its schema does not accept, when it is sent', async () => {
    await expect(
      inJobTransaction(built.db, (transaction) => greetJob.send(built.services.jobs, transaction, [{ data: { name: '' } }])),
    ).rejects.toThrow();
  });
});
