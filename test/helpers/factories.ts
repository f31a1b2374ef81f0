import type { TestApp } from './test-app.js';
import { auth } from './test-app.js';

/** Creates a custom field definition through the API, with LIST options when given. */
export async function defineCustomField(
  app: TestApp,
  apiKey: string,
  definition: { entityType?: string; fieldKey: string; fieldType: string; options?: string[] },
): Promise<{ id: number }> {
  const { options = [], entityType = 'CONTACT', ...rest } = definition;
  const created = await app.server.inject({
    method: 'POST',
    url: '/api/v1/custom-fields/definitions',
    headers: auth(apiKey),
    payload: { entityType, ...rest },
  });
  if (created.statusCode >= 300) throw new Error(`defining ${definition.fieldKey} failed: ${created.body}`);
  const { id } = created.json() as { id: number };
  for (const value of options) {
    const option = await app.server.inject({
      method: 'POST',
      url: `/api/v1/custom-fields/definitions/${id}/options`,
      headers: auth(apiKey),
      payload: { definitionId: id, value },
    });
    if (option.statusCode >= 300) throw new Error(`adding option ${value} failed: ${option.body}`);
  }
  return { id };
}

/** Creates a contact through the API and returns its wire form. */
export async function createContact(app: TestApp, apiKey: string, payload: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await app.server.inject({ method: 'POST', url: '/api/v1/contacts', headers: auth(apiKey), payload });
  if (response.statusCode !== 200) throw new Error(`creating a contact failed: ${response.body}`);
  return response.json();
}
