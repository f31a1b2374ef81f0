import { createServer, type Server } from 'node:http';
import { expect } from 'vitest';
import { auth, type TestApp } from './test-app.js';

export const HOURS =
  'Our shop is open Monday to Friday from 9:00 to 18:00 and on Saturdays from 10:00 to 14:00. We are closed on Sundays and public holidays.';
export const SHIPPING = 'We ship anywhere in Chile. Delivery takes two to four working days and costs 3.990 pesos.';

async function call<T = Record<string, any>>(app: TestApp, apiKey: string, url: string, payload: object): Promise<T> {
  const response = await app.server.inject({ method: 'POST', url, headers: auth(apiKey), payload });
  expect(response.statusCode, `POST ${url}: ${response.body}`).toBeLessThan(300);
  return response.json<T>();
}

/**
 * The real builtin agent with a small knowledge base (opening hours, shipping), answering at
 * once (`replyDelayMs: 0`: the delay that lets a customer finish typing is a setting, not a fake).
 */
export async function builtinAgent(app: TestApp, apiKey: string, settings: Record<string, unknown> = {}) {
  const agent = await call(app, apiKey, '/api/v1/agents', {
    name: 'Ada',
    instructions: 'You answer customers of a small shop.',
    greeting: 'Hi! I am Ada. Ask me anything.',
    language: 'auto',
    provider: 'builtin',
    replyDelayMs: 0,
    ...settings,
  });
  await call(app, apiKey, `/api/v1/agents/${agent.id}/knowledge`, { title: 'Opening hours', content: HOURS });
  await call(app, apiKey, `/api/v1/agents/${agent.id}/knowledge`, { title: 'Shipping', content: SHIPPING });
  return agent as { id: number; uuid: string; name: string };
}

/** A widget channel answered by `responderId`; returns its website token. */
export async function widgetChannel(app: TestApp, apiKey: string, responderId: string, settings: Record<string, unknown>) {
  const channel = await call<{ settings: { websiteToken: string } }>(app, apiKey, '/api/v1/channels', {
    type: 'widget',
    name: 'Acme site',
    responderId,
    settings,
  });
  return channel.settings.websiteToken;
}

export interface Site {
  origin: string;
  /** Which snippet the next page load gets (the script tag's data attributes, without `data-`). */
  snippet: Record<string, string>;
  close(): void;
}

/**
 * A customer's site on another origin (another port): a page with the one-line snippet, and CSS
 * that must not leak into the widget.
 */
export async function customerSite(widgetBase: string): Promise<Site> {
  const site: Site = { origin: '', snippet: {}, close: () => server.close() };
  const server: Server = createServer((_request, response) => {
    const attributes = Object.entries(site.snippet)
      .map(([name, value]) => ` data-${name}="${value}"`)
      .join('');
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `<!doctype html><html><head><meta name="viewport" content="width=device-width">` +
          `<style>* { color: red !important; font-size: 40px !important; } button { display: none !important; }</style></head>` +
          `<body><h1>Acme shop</h1><script src="${widgetBase}/widget.js"${attributes} async></script></body></html>`,
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return site;
}
