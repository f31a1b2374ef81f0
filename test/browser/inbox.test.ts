import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { createMember, customerWritesIn } from '../helpers/inbox.js';
import { chatEntry, logIntoInbox, takeOverAndReply } from '../helpers/inbox-page.js';
import { auth, buildTestApp } from '../helpers/test-app.js';

const SCREENSHOT = fileURLToPath(new URL('../../docs/images/inbox.png', import.meta.url));

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
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    await page.setViewportSize({ width: 1280, height: 760 });
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
    // The picture in the README: every chat, with one more customer waiting (unread).
    await customerWritesIn(app, apiKey, { firstName: 'Luis', text: '¿Tienen envíos a Valparaíso?' });
    await page.getByRole('button', { name: 'All' }).click();
    await chatEntry(page, 'Luis').filter({ hasText: 'Unread' }).waitFor();
    await page.screenshot({ path: SCREENSHOT });

    const messages = await app.server.inject({ method: 'GET', url: `/api/v1/chats/${chatId}/messages`, headers: auth(apiKey) });
    const reply = messages.json<Array<{ role: string; content: string; userId: string | null }>>().at(-1)!;
    expect(reply).toMatchObject({ role: 'operator', content: 'Hi Jane, I am looking into it now.', userId: member.uuid });
    const tickets = await app.server.inject({ method: 'GET', url: `/api/v1/tickets?chatId=${chatId}`, headers: auth(apiKey) });
    expect(tickets.json().items).toEqual([expect.objectContaining({ status: 'IN_PROGRESS', assigneeUserId: member.id })]);
  }, 120_000);
});
