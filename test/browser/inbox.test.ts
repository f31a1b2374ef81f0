import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { createMember, customerWritesIn } from '../helpers/inbox.js';
import { chatEntry, logIntoInbox, takeOverAndReply } from '../helpers/inbox-page.js';
import { auth, buildTestApp } from '../helpers/test-app.js';
import { HOURS } from '../helpers/widget-site.js';

const app = await buildTestApp();
await app.background.start();
const base = await app.server.listen({ port: 0, host: '127.0.0.1' });
const { apiKey } = await app.newWorkspace();
let browser: TestBrowser;

beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('the team inbox at /app, in a real browser', () => {
  it('a team member logs in, sees a chat arrive live, takes over and replies as an operator', async () => {
    const member = await createMember(app, apiKey, { email: 'ana@example.com', name: 'Ana Souza' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 }, acceptDownloads: true });
    page.setDefaultTimeout(20_000);
    await logIntoInbox(page, base, member);
    await page.getByText('No chats here.').waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    // The customer writes in after the inbox is open: the chat appears without a reload.
    const { chatId } = await customerWritesIn(app, apiKey, { firstName: 'Jane', text: 'Where is my order <b>1043</b>?' });
    const entry = chatEntry(page, 'Jane');
    await entry.waitFor();
    await expect.poll(() => entry.textContent()).toContain('Unread');
    await entry.click();
    // Markup in a message shows as text.
    await page.locator('.message.user', { hasText: 'Where is my order <b>1043</b>?' }).waitFor();
    expect(await page.locator('.message.user b').count()).toBe(0);
    await page.getByRole('region', { name: 'Contact' }).getByText('jane@example.com').waitFor();

    await takeOverAndReply(page, 'Hi Jane, I am looking into it now.');
    // One more customer writes in: unread in the "All" view.
    await customerWritesIn(app, apiKey, { firstName: 'Luis', text: '¿Tienen envíos a Valparaíso?' });
    await page.getByRole('button', { name: 'All' }).click();
    await chatEntry(page, 'Luis').filter({ hasText: 'Unread' }).waitFor();

    const messages = await app.server.inject({ method: 'GET', url: `/api/v1/chats/${chatId}/messages`, headers: auth(apiKey) });
    const reply = messages.json<Array<{ role: string; content: string; userId: string | null }>>().at(-1)!;
    expect(reply).toMatchObject({ role: 'operator', content: 'Hi Jane, I am looking into it now.', userId: member.uuid });
    const tickets = await app.server.inject({ method: 'GET', url: `/api/v1/tickets?chatId=${chatId}`, headers: auth(apiKey) });
    expect(tickets.json().items).toEqual([expect.objectContaining({ status: 'IN_PROGRESS', assigneeUserId: member.id })]);

    // The contacts page lists, searches and exports (with the session, as a download).
    await page.getByRole('link', { name: 'Contacts' }).click();
    const table = page.getByRole('table');
    await table.getByText('jane@example.com').waitFor();
    await page.getByLabel('Search contacts').fill('Luis');
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody').textContent()).toContain('luis@example.com');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toContain('jane@example.com');
    expect(csv).toContain('luis@example.com');
  }, 120_000);

  it('the agent page edits instructions and knowledge, and its "try it" chat answers from that knowledge', async () => {
    const member = await createMember(app, apiKey, { email: 'bruno@example.com', name: 'Bruno Lima' });
    const created = await app.server.inject({
      method: 'POST',
      url: '/api/v1/agents',
      headers: auth(apiKey),
      payload: { name: 'Tienda', instructions: 'Answer customers.', provider: 'builtin', language: 'en' },
    });
    expect(created.statusCode, created.body).toBe(200);
    const agentId = created.json<{ id: number }>().id;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(20_000);
    await logIntoInbox(page, base, member);
    await page.getByRole('link', { name: 'Agents' }).click();
    // The workspace has another agent too (the default "Assistant"): open this one.
    await page.getByRole('link', { name: 'Tienda' }).click();
    await page.getByRole('heading', { name: 'Tienda' }).waitFor();

    await page.getByLabel('Instructions').fill('Answer customers of a small shop, kindly.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const knowledge = page.getByRole('region', { name: 'Knowledge documents' });
    await knowledge.getByLabel('Title').fill('Opening hours');
    await knowledge.getByLabel('Content').fill(HOURS);
    await knowledge.getByRole('button', { name: 'Add document' }).click();
    await knowledge.getByRole('button', { name: 'Delete: Opening hours' }).waitFor();

    const tryIt = page.getByRole('region', { name: 'Try it' });
    await tryIt.getByLabel('Message to the agent').fill('What time do you open on Saturday?');
    await tryIt.getByRole('button', { name: 'Ask' }).click();
    const answer = tryIt.locator('.message.assistant');
    await answer.waitFor();
    expect(await answer.textContent()).toContain('10:00');
    expect(await answer.textContent()).toContain('From: Opening hours');

    const agent = await app.server.inject({ method: 'GET', url: `/api/v1/agents/${agentId}`, headers: auth(apiKey) });
    expect(agent.json()).toMatchObject({ instructions: 'Answer customers of a small shop, kindly.' });
  }, 120_000);

  it('filters by channel, status and search, and works a chat from the keyboard: take over, reply, assign, mine, hand back, close', async () => {
    const ana = await createMember(app, apiKey, { email: 'carla@example.com', name: 'Carla Pinto' });
    await createMember(app, apiKey, { email: 'diego@example.com', name: 'Diego Ramos' });
    const { chatId } = await customerWritesIn(app, apiKey, { firstName: 'Olga', text: 'My parcel arrived damaged' });
    await customerWritesIn(app, apiKey, { firstName: 'Pablo', text: 'Do you have gift cards?' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.setDefaultTimeout(20_000);
    await logIntoInbox(page, base, ana);
    const list = page.locator('ul.chats');
    await chatEntry(page, 'Olga').waitFor();

    // By channel, then by search words, in the "Unattended" view.
    await page.getByLabel('Channel').selectOption({ label: 'Website API (Pablo)' });
    await expect.poll(() => list.locator('li').allTextContents()).toEqual([expect.stringContaining('Pablo')]);
    await page.getByLabel('Channel').selectOption({ label: 'Any channel' });
    await page.getByLabel('Search chats').fill('Olga');
    await page.getByLabel('Search chats').press('Enter');
    await expect.poll(() => list.locator('li').allTextContents()).toEqual([expect.stringContaining('Olga')]);

    // The keyboard alone: on a fresh load the skip link comes first; a chat opens with Enter; Ctrl+Enter sends a reply.
    await page.reload();
    await chatEntry(page, 'Olga').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await chatEntry(page, 'Olga').focus();
    await page.keyboard.press('Enter');
    await page.locator('.message.user', { hasText: 'My parcel arrived damaged' }).waitFor();
    await page.getByRole('button', { name: 'Take over' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('ticket-status').filter({ hasText: 'IN_PROGRESS' }).waitFor();
    await page.getByLabel('Reply').fill('Sorry to hear that, Olga. A new one is on its way.');
    await page.keyboard.press('Control+Enter');
    await page.locator('.message.operator', { hasText: 'A new one is on its way' }).waitFor();

    // Mine: the chat I took over; assigned to Diego it leaves my list.
    await page.getByRole('button', { name: 'Mine' }).click();
    await expect.poll(() => list.locator('li').allTextContents()).toEqual([expect.stringContaining('Olga')]);
    await page.getByLabel('Assign to').selectOption({ label: 'Diego Ramos' });
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByRole('region', { name: 'Ticket' }).getByRole('definition').filter({ hasText: 'Diego Ramos' }).waitFor();
    await page.getByText('No chats here.').waitFor();

    // Hand back to the AI: the ticket closes (and with it the chat, until the customer writes again).
    await page.getByRole('button', { name: 'Hand back to the AI' }).click();
    await page.getByTestId('ticket-status').filter({ hasText: 'CLOSED' }).waitFor();
    // Close a chat the AI still has (no ticket): Pablo's. The "All" view then finds both by status.
    await page.getByRole('button', { name: 'All' }).click();
    await page.getByLabel('Search chats').fill('');
    await page.getByLabel('Search chats').press('Enter');
    await chatEntry(page, 'Pablo').click();
    await page.getByText('No ticket: the AI agent answers this chat.').waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('button', { name: 'Close', exact: true }).waitFor({ state: 'detached' });
    await page.getByLabel('Status').selectOption('CLOSED');
    await expect.poll(async () => (await list.locator('li .name').allTextContents()).sort()).toEqual(['Olga Customer', 'Pablo Customer']);

    const chat = await app.server.inject({ method: 'GET', url: `/api/v1/chats/${chatId}`, headers: auth(apiKey) });
    expect(chat.json()).toMatchObject({ status: 'CLOSED' });
    const tickets = await app.server.inject({ method: 'GET', url: `/api/v1/tickets?chatId=${chatId}`, headers: auth(apiKey) });
    expect(tickets.json().items).toEqual([expect.objectContaining({ status: 'CLOSED' })]);
  }, 120_000);

  it('names an anonymous website visitor "Visitor" and a short code, not their token-like id', async () => {
    const { apiKey: siteKey } = await app.newWorkspace('Site');
    const member = await createMember(app, siteKey);
    const created = await app.server.inject({
      method: 'POST',
      url: '/api/v1/channels',
      headers: auth(siteKey),
      payload: { type: 'widget', name: 'Site chat', settings: { allowedOrigins: ['https://shop.example'] } },
    });
    const { websiteToken } = created.json<{ settings: { websiteToken: string } }>().settings;
    const widget = (url: string, payload: object, token?: string) =>
      app.server.inject({
        method: 'POST',
        url: `/api/widget/v1${url}`,
        payload,
        headers: { origin: 'https://shop.example', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
    const { visitorToken } = (await widget('/sessions', { websiteToken })).json<{ visitorToken: string }>();
    const { chatId } = (await widget('/messages', { content: 'Do you ship abroad?' }, visitorToken)).json<{ chatId: string }>();
    const { rows } = await app.database.pool.query<{ address: string }>(
      `SELECT a.address FROM chats c JOIN contact_addresses a ON a.workspace_id = c.workspace_id AND a.contact_id = c.owner_contact_id
       WHERE c.uuid = $1 AND a.channel_type = 'WEBCHAT'`,
      [chatId],
    );
    const visitorId = rows[0]!.address;
    expect(visitorId).toMatch(/^v_/);

    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    await logIntoInbox(page, base, member);
    await page.getByRole('button', { name: 'All' }).click();
    const name = `Visitor ${visitorId.slice(-4).toUpperCase()}`;
    await chatEntry(page, name).click();
    await page.getByRole('heading', { name }).waitFor();
    expect(await page.locator('.chat-list').textContent()).not.toContain(visitorId);
  }, 60_000);
});
