import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orderPlan, selectPage } from '../../src/db/list-sql.js';
import { contactFields } from '../../src/modules/contacts/contacts.repository.js';
import { contacts } from '../../src/modules/contacts/contacts.table.js';
import { createContact } from '../helpers/factories.js';
import { buildTestApp } from '../helpers/test-app.js';

describe('selectPage count limit', () => {
  it('counts exactly below the limit and stops at it', async () => {
    const app = await buildTestApp();
    const { apiKey } = await app.newWorkspace();
    for (let index = 0; index < 5; index += 1) await createContact(app, apiKey, { firstName: `Counted ${index}` });
    const { workspaceId } = (await app.services.workspaces.authenticate(apiKey))!;
    const resolve = (field: string) => contactFields[field];
    const plan = await orderPlan([], resolve, sql`${contacts.id}`, { field: 'createdAt', direction: 'asc' });
    const query = { filters: [], sort: [], pageSize: 2, includeTotalCount: true };
    const page = (countLimit?: number) =>
      selectPage(app.database.db, contacts, { conditions: [eq(contacts.workspaceId, workspaceId)], plan, query, workspaceId, countLimit });
    expect((await page()).totalCount).toBe(5);
    expect((await page(10)).totalCount).toBe(5);
    expect((await page(3)).totalCount).toBe(3);
    expect((await page(3)).rows).toHaveLength(2);
  });
});
