import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  customFieldSpec,
  filtersCondition,
  orderPlan,
  selectPage,
  sortableField,
  textField,
  type FieldSpec,
  type PageRows,
} from '../../db/list-sql.js';
import type { ListQuery } from '../../shared/list-query.js';
import { contacts } from '../contacts/contacts.table.js';
import { companies } from './companies.table.js';
import { containsPattern } from '../../db/like.js';

export type CompanyRow = typeof companies.$inferSelect;
export type CompanyValues = Omit<typeof companies.$inferInsert, 'workspaceId' | 'id'>;

const byId = (workspaceId: number, id: number) => and(eq(companies.workspaceId, workspaceId), eq(companies.id, id));

export async function companyExists(db: Executor, workspaceId: number, id: number): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(companies)
    .where(byId(workspaceId, id));
  return row !== undefined;
}

export async function insertCompany(db: Executor, workspaceId: number, values: CompanyValues): Promise<CompanyRow> {
  const [row] = await db
    .insert(companies)
    .values({ ...values, workspaceId })
    .returning();
  return row!;
}

export async function findCompanyRow(db: Executor, workspaceId: number, id: number, lock = false): Promise<CompanyRow | undefined> {
  const query = db.select().from(companies).where(byId(workspaceId, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function updateCompanyRow(db: Executor, workspaceId: number, id: number, values: Partial<CompanyValues>): Promise<CompanyRow> {
  const [row] = await db
    .update(companies)
    .set({ ...values, updatedAt: sql`now()` })
    .where(byId(workspaceId, id))
    .returning();
  return row!;
}

/** Deletes the company; its contacts stay, no longer linked to it. Returns those contacts as they now are. */
export async function deleteCompanyRow(db: Executor, workspaceId: number, id: number): Promise<(typeof contacts.$inferSelect)[]> {
  const unlinked = await db
    .update(contacts)
    .set({ contactCompanyId: null, updatedAt: sql`now()`, version: sql`${contacts.version} + 1` })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.contactCompanyId, id)))
    .returning();
  await db.delete(companies).where(byId(workspaceId, id));
  return unlinked;
}

export const companyFields: Record<string, FieldSpec> = {
  id: sortableField(companies.id, 'number'),
  name: sortableField(companies.name, 'text'),
  domain: textField(companies.domain),
  industry: textField(companies.industry),
  website: textField(companies.website),
  phone: textField(companies.phone),
  createdAt: sortableField(companies.createdAt, 'date'),
  updatedAt: sortableField(companies.updatedAt, 'date'),
};

function searchCondition(search: string | undefined): SQL | undefined {
  if (!search) return undefined;
  const pattern = containsPattern(search);
  return sql`(${companies.name} ILIKE ${pattern} OR ${companies.domain} ILIKE ${pattern})`;
}

export async function findCompanyRows(
  db: Executor,
  workspaceId: number,
  query: ListQuery,
  resolve: (field: string) => Promise<FieldSpec | undefined>,
): Promise<PageRows<CompanyRow>> {
  const plan = await orderPlan(query.sort, resolve, sql`${companies.id}`, { field: 'createdAt', direction: 'asc' }, query.sortSource);
  return selectPage(db, companies, {
    conditions: [eq(companies.workspaceId, workspaceId), await filtersCondition(query.filters, resolve), searchCondition(query.search)],
    plan,
    query,
    workspaceId,
  });
}

export function companyCustomField(key: string, fieldType: string): FieldSpec {
  return customFieldSpec(companies.customFields, key, fieldType);
}
