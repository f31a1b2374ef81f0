import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Page, type TestBrowser } from '../helpers/browser.js';
import { auth, buildTestApp } from '../helpers/test-app.js';
import { builtinAgent, customerSite, widgetChannel, type Site } from '../helpers/widget-site.js';

// The server runs its job workers and the events LISTEN connection, as `serve` does, so streams
// are live and the real agent runtime (builtin provider, knowledge base) answers.
const app = await buildTestApp({ SECRETS_KEY: 'widget-browser-test-key', LLM_BASE_URL: undefined });
await app.background.start();
const base = await app.server.listen({ port: 0, host: '127.0.0.1' });
const { apiKey } = await app.newWorkspace();

let browser: TestBrowser;
let site: Site;
let websiteToken = '';

beforeAll(async () => {
  site = await customerSite(base);
  const agent = await builtinAgent(app, apiKey);
  websiteToken = await widgetChannel(app, apiKey, agent.uuid, { allowedOrigins: [site.origin] });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  site?.close();
});

const messages = (page: Page) => page.locator('#switchboard-widget .msg');

async function openWidget(page: Page) {
  await page.goto(site.origin);
  const launcher = page.locator('#switchboard-widget button.launcher');
  await expect.poll(() => launcher.isVisible()).toBe(true);
  await launcher.click();
}

async function say(page: Page, text: string) {
  const input = page.locator('#switchboard-widget textarea');
  await input.fill(text);
  await input.press('Enter');
}

describe('the chat widget on a customer site, in a real browser', () => {
  it('greets, the agent answers live from its knowledge, keeps the conversation across page loads and shows markup as text', async () => {
    site.snippet = { 'website-token': websiteToken };
    const page = await browser.newPage({ viewport: { width: 390, height: 740 }, locale: 'en-US' });
    page.setDefaultTimeout(20_000);
    await openWidget(page);
    await expect.poll(() => page.locator('#switchboard-widget .name').textContent()).toBe('Ada');
    await expect.poll(() => messages(page).first().textContent()).toContain('Hi! I am Ada');

    await say(page, 'What time do you open on Saturday?');
    await expect.poll(() => messages(page).nth(1).textContent()).toContain('What time do you open on Saturday?');
    // The builtin agent's answer, from the knowledge base, arrives live.
    await expect.poll(() => messages(page).nth(2).textContent()).toContain('10:00');
    expect(await messages(page).nth(2).getAttribute('class')).toContain('agent');

    await say(page, 'Do you sell <script>window.hacked = 1</script><b>shoes</b>?');
    await expect.poll(() => messages(page).nth(3).textContent()).toContain('<script>window.hacked = 1</script><b>shoes</b>?');
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    expect(await page.locator('#switchboard-widget .msg b').count()).toBe(0);
    // The agent answers that too (it has nothing on shoes), live.
    await expect.poll(() => messages(page).count()).toBe(5);

    // The host page's CSS does not reach the widget (its buttons stay visible).
    const display = await page.locator('#switchboard-widget button.launcher').evaluate((element) => getComputedStyle(element).display);
    expect(display).not.toBe('none');

    // A new page load continues the same conversation (visitor token in localStorage).
    const before = await messages(page).allTextContents();
    await page.reload();
    await page.locator('#switchboard-widget button.launcher').click();
    await expect.poll(() => messages(page).count()).toBe(5);
    expect(await messages(page).allTextContents()).toEqual(before);
  }, 120_000);

  it('speaks Spanish to a Spanish browser, asks the pre-chat fields, and links a verified visitor to their contact', async () => {
    const agent = await builtinAgent(app, apiKey, { name: 'Sofía', greeting: '¡Hola! Soy Sofía.', picture: `${base}/sofia.png` });
    const identitySecret = 'site-identity-secret';
    const token = await widgetChannel(app, apiKey, agent.uuid, {
      allowedOrigins: [site.origin],
      locale: 'es',
      preChatFields: ['name', 'email'],
      identitySecret,
    });

    // An anonymous visitor: Spanish words, the agent's picture, the pre-chat form before the first message.
    site.snippet = { 'website-token': token };
    const page = await browser.newPage({ viewport: { width: 390, height: 740 }, locale: 'es-CL' });
    page.setDefaultTimeout(20_000);
    await openWidget(page);
    const widget = page.locator('#switchboard-widget');
    expect(await widget.locator('header img').getAttribute('src')).toBe(`${base}/sofia.png`);
    expect(await widget.locator('.name').textContent()).toBe('Sofía');
    expect(await widget.locator('button.launcher').getAttribute('aria-label')).toBe('Cerrar chat');
    await widget.getByPlaceholder('Tu nombre').fill('Marta Díaz');
    await widget.getByPlaceholder('Tu correo').fill('marta@example.com');
    await widget.getByRole('button', { name: 'Iniciar chat' }).click();
    await say(page, '¿Hacen envíos a Valparaíso?');
    await expect.poll(() => messages(page).count()).toBe(3);
    const contacts = await app.server.inject({
      method: 'POST',
      url: '/api/v1/contacts/search',
      headers: auth(apiKey),
      payload: { search: 'marta@example.com' },
    });
    expect(contacts.json().items).toEqual([expect.objectContaining({ firstName: 'Marta' })]);
    // The message is hers: one visitor, even when the first message is sent right after the pre-chat form.
    const chats = await app.server.inject({ method: 'GET', url: '/api/v1/chats/details?search=Marta', headers: auth(apiKey) });
    expect(chats.json()).toEqual([
      expect.objectContaining({ lastMessageContent: expect.any(String), ownerName: expect.stringContaining('Marta') }),
    ]);

    // A visitor the site verified: the snippet names them and the hash their server computed.
    const identifier = 'customer-1043';
    const identifierHash = createHmac('sha256', identitySecret).update(identifier).digest('hex');
    site.snippet = { 'website-token': token, identifier, 'identifier-hash': identifierHash };
    const verified = await browser.newPage({ locale: 'es-CL' });
    verified.setDefaultTimeout(20_000);
    await openWidget(verified);
    // No pre-chat form: the site said who they are.
    await say(verified, 'Hola');
    await expect.poll(() => messages(verified).count()).toBe(3);
    // Their chat is the identified contact's: the support API finds it by their visitor id (the identifier).
    const conversations = await app.server.inject({
      method: 'GET',
      url: `/api/agents/customerSupport/conversations?visitor_id=${identifier}`,
      headers: auth(apiKey),
    });
    expect(conversations.statusCode, conversations.body).toBe(200);
    expect(conversations.body).toContain('Hola');
  }, 120_000);
});
