import { createServer } from 'node:http';
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Page, type TestBrowser } from '../helpers/browser.js';
import { auth, buildTestApp } from '../helpers/test-app.js';

// The server runs its job workers and the events LISTEN connection, as `serve` does, so streams are live.
const app = await buildTestApp({ SECRETS_KEY: 'widget-browser-test-key' });
await app.background.start();
const base = await app.server.listen({ port: 0, host: '127.0.0.1' });
const { apiKey } = await app.newWorkspace();

/** A customer's site on another origin (another port), with the one-line snippet and CSS that must not leak in. */
let websiteToken = '';
const site = createServer((_request, response) =>
  response
    .writeHead(200, { 'content-type': 'text/html' })
    .end(
      `<!doctype html><html><head><meta name="viewport" content="width=device-width">` +
        `<style>* { color: red !important; font-size: 40px !important; } button { display: none !important; }</style></head>` +
        `<body><h1>Acme shop</h1><script src="${base}/widget.js" data-website-token="${websiteToken}" async></script></body></html>`,
    ),
);
await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
const siteOrigin = `http://127.0.0.1:${(site.address() as { port: number }).port}`;

let browser: TestBrowser;

beforeAll(async () => {
  const agent = await app.server.inject({
    method: 'POST',
    url: '/api/v1/agents',
    headers: auth(apiKey),
    // Disabled: this test scripts the answers itself (the runtime's own answers are tested in test/agents).
    payload: { name: 'Ada', greeting: 'Hi! I am Ada. Ask me anything.', enabled: false },
  });
  expect(agent.statusCode, agent.body).toBeLessThan(300);
  websiteToken = await createChannel(siteOrigin, agent.json<{ uuid: string }>().uuid);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  site.close();
});

async function createChannel(origin: string, responderId: string): Promise<string> {
  const response = await app.server.inject({
    method: 'POST',
    url: '/api/v1/channels',
    headers: auth(apiKey),
    payload: { type: 'widget', name: 'Acme site', responderId, settings: { allowedOrigins: [origin] } },
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json<{ settings: { websiteToken: string } }>().settings.websiteToken;
}

/** Posts a reply on the visitor's chat through the Chats API, as the agent runtime or a team member would. */
async function reply(chatId: string, content: string, role: 'assistant' | 'operator') {
  const response = await app.server.inject({
    method: 'POST',
    url: `/api/v1/chats/${chatId}/messages`,
    headers: auth(apiKey),
    payload: { content, role },
  });
  expect(response.statusCode, response.body).toBe(200);
}

const messages = (page: Page) => page.locator('#switchboard-widget .msg');

describe('the chat widget on a customer site, in a real browser', () => {
  it('greets, sends the question, shows answers live, keeps the conversation across page loads and shows markup as text', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    await page.setViewportSize({ width: 390, height: 740 });
    await page.goto(siteOrigin);
    const launcher = page.locator('#switchboard-widget button.launcher');
    await expect.poll(() => launcher.isVisible()).toBe(true);
    await launcher.click();
    await expect.poll(() => page.locator('#switchboard-widget .name').textContent()).toBe('Ada');
    await expect.poll(() => messages(page).first().textContent()).toContain('Hi! I am Ada');

    const input = page.locator('#switchboard-widget textarea');
    await input.fill('What are your opening hours?');
    await input.press('Enter');
    await expect.poll(() => messages(page).last().textContent()).toContain('What are your opening hours?');

    // The chat now exists: answer as the agent, and the answer appears live.
    const chats = await app.server.inject({ method: 'GET', url: '/api/v1/chats?channelTypes=widget', headers: auth(apiKey) });
    const chatId = chats.json<Array<{ id: string }>>()[0]!.id;
    await reply(chatId, 'We are open 9 to 18, Monday to Friday.', 'assistant');
    await expect.poll(() => messages(page).last().textContent()).toContain('We are open 9 to 18');

    await input.fill('I want to talk to a person <script>window.hacked = 1</script><b>now</b>');
    await input.press('Enter');
    await expect.poll(() => messages(page).last().textContent()).toContain('<script>window.hacked = 1</script><b>now</b>');
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    expect(await page.locator('#switchboard-widget .msg b').count()).toBe(0);
    await reply(chatId, 'Hi, this is Sam from the team. How can I help?', 'operator');
    await expect.poll(() => messages(page).last().textContent()).toContain('Sam from the team');

    // The host page's CSS does not reach the widget (its buttons stay visible, its text is not red).
    const color = await launcher.evaluate((element) => getComputedStyle(element).display);
    expect(color).not.toBe('none');

    if (process.env.WIDGET_SCREENSHOT) {
      await mkdir('docs/images', { recursive: true });
      await page.screenshot({ path: 'docs/images/widget.png' });
    }

    // A new page load continues the same conversation (visitor token in localStorage).
    await page.reload();
    await page.locator('#switchboard-widget button.launcher').click();
    await expect.poll(() => messages(page).count()).toBe(5);
    expect(await messages(page).last().textContent()).toContain('Sam from the team');
  }, 120_000);
});
