import type { TestApp } from './test-app.js';
import { auth } from './test-app.js';

export interface TestFunnel {
  id: number;
  statuses: { id: number; name: string; position: number }[];
}

/** Creates a funnel with statuses through the API. */
export async function createFunnel(
  app: TestApp,
  apiKey: string,
  name = 'Sales',
  statuses = ['New', 'Qualified', 'Won'],
): Promise<TestFunnel> {
  const response = await app.server.inject({
    method: 'POST',
    url: '/api/v1/funnels',
    headers: auth(apiKey),
    payload: { name, statuses: statuses.map((status) => ({ name: status })) },
  });
  if (response.statusCode !== 200) throw new Error(`creating a funnel failed: ${response.body}`);
  return response.json();
}

/** Creates a funnel conversation through the API and returns its wire form. */
export async function createConversation(app: TestApp, apiKey: string, payload: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await app.server.inject({ method: 'POST', url: '/api/v1/conversations', headers: auth(apiKey), payload });
  if (response.statusCode !== 200) throw new Error(`creating a conversation failed: ${response.body}`);
  return response.json();
}

/** 003's Create / BulkCreate request sample, as printed (placeholder values such as 0.1 ids). */
export const SEED_CREATE_SAMPLE = {
  createdAt: '2019-08-24T14:15:22Z',
  userId: 0.1,
  funnelId: 0.1,
  funnelStatusId: 0.1,
  archivedAt: '2019-08-24T14:15:22Z',
  customFields: { property1: null, property2: null },
  contactId: 0.1,
  contact: {
    firstName: 'string',
    lastName: 'string',
    phones: ['string'],
    emails: ['string'],
    nationalId: 'string',
    companyPosition: 'string',
    customFields: { property1: null, property2: null },
    userId: 0.1,
  },
};
