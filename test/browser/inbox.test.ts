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
});
