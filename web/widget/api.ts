import createClient from 'openapi-fetch';
import type { components, paths } from '../../src/client/openapi-types.js';

/** The widget's only way to the server: a client typed from docs/openapi.json (the published client's types, src/client/openapi-types.ts). */
export type WidgetApi = ReturnType<typeof createWidgetApi>;
export type WidgetMessage = components['schemas']['WidgetMessage'];
export type WidgetConfig = components['schemas']['WidgetConfig'];
export type WidgetSession = components['schemas']['WidgetSession'];

export function createWidgetApi(baseUrl: string, websiteToken: string) {
  const client = createClient<paths>({ baseUrl });
  const authorized = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  const fail = (error: unknown) => {
    throw new Error((error as { error?: { message?: string } })?.error?.message ?? 'request failed');
  };
  return {
    async config(): Promise<WidgetConfig> {
      const { data, error } = await client.GET('/api/widget/v1/config', { params: { query: { websiteToken } } });
      return data ?? fail(error);
    },
    async session(input: { visitorToken?: string; name?: string; email?: string }): Promise<WidgetSession> {
      const { data, error } = await client.POST('/api/widget/v1/sessions', { body: { websiteToken, ...input } });
      return data ?? fail(error);
    },
    async send(token: string, content: string, clientMessageId: string): Promise<WidgetMessage> {
      const { data, error } = await client.POST('/api/widget/v1/messages', { body: { content, clientMessageId }, ...authorized(token) });
      return data ?? fail(error);
    },
    async history(token: string): Promise<WidgetMessage[]> {
      const { data, error } = await client.GET('/api/widget/v1/messages', {
        params: { query: { page: 1, pageSize: 50 } },
        ...authorized(token),
      });
      return (data ?? fail(error)).messages;
    },
    eventsUrl: `${baseUrl}/api/widget/v1/events`,
  };
}
