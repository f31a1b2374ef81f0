import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Page, type TestBrowser } from '../helpers/browser.js';
import { createMember } from '../helpers/inbox.js';
import { chatEntry, logIntoInbox, takeOverAndReply } from '../helpers/inbox-page.js';
import { auth, buildTestApp } from '../helpers/test-app.js';
import { builtinAgent, customerSite, widgetChannel, type Site } from '../helpers/widget-site.js';

/**
 * Issue 13's story, end to end in a real browser with nothing replaced: a visitor on a customer's
 * site asks the builtin agent (real runtime, knowledge base) and gets the answer live, then asks
 * for a person (a ticket opens, the agent goes quiet); a team member logged into the inbox in
 * another browser context sees the chat arrive live, takes over and replies; the visitor sees the
 * reply live. `STORY_SCREENSHOTS=1` writes the README's pictures of both.
 */
const image = (name: string) => fileURLToPath(new URL(`../../docs/images/${name}`, import.meta.url));

const app = await buildTestApp({ SECRETS_KEY: 'story-test-key', LLM_BASE_URL: undefined });
await app.background.start();
const base = await app.server.listen({ port: 0, host: '127.0.0.1' });
const { apiKey } = await app.newWorkspace('Acme');
let browser: TestBrowser;
let site: Site;

beforeAll(async () => {
  site = await customerSite(base);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  site?.close();
});

const widgetMessages = (page: Page) => page.locator('#switchboard-widget .msg');
async function visitorSays(page: Page, text: string) {
  const input = page.locator('#switchboard-widget textarea');
  await input.fill(text);
  await input.press('Enter');
}

describe('a visitor chats with the agent on a site, asks for a person, and a team member takes over in the inbox', () => {
  it('answers live from the knowledge base, hands off, and the team reply reaches the visitor live', async () => {
    const agent = await builtinAgent(app, apiKey);
    const websiteToken = await widgetChannel(app, apiKey, agent.uuid, { allowedOrigins: [site.origin], preChatFields: ['name', 'email'] });
    site.snippet = { 'website-token': websiteToken };
    const member = await createMember(app, apiKey, { email: 'sam@example.com', name: 'Sam Rivera' });

    // The team member's inbox is open first, in its own browser context.
    const inbox = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    inbox.setDefaultTimeout(20_000);
    await logIntoInbox(inbox, base, member);
    await inbox.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    // The visitor, on a phone-sized screen: pre-chat details, then the question.
    const visitor = await browser.newPage({ viewport: { width: 390, height: 740 }, locale: 'en-US' });
    visitor.setDefaultTimeout(20_000);
    await visitor.goto(site.origin);
    await visitor.locator('#switchboard-widget button.launcher').click();
    await visitor.locator('#switchboard-widget').getByPlaceholder('Your name').fill('Jane Visitor');
    await visitor.locator('#switchboard-widget').getByPlaceholder('Your email').fill('jane.visitor@example.com');
    await visitor.locator('#switchboard-widget').getByRole('button', { name: 'Start chat' }).click();
    await visitorSays(visitor, 'What time do you open on Saturday?');
    const answer = widgetMessages(visitor).nth(2);
    await expect.poll(() => answer.textContent()).toContain('10:00');
    expect(await answer.getAttribute('class')).toContain('agent');

    // The agent captures what the visitor tells about themselves.
    await visitorSays(visitor, 'My phone is +56 9 1234 5678');
    await expect.poll(() => widgetMessages(visitor).count()).toBe(5);

    // Asking for a person: the agent says so once and opens a ticket.
    await visitorSays(visitor, 'I want to talk to a person');
    await expect.poll(() => widgetMessages(visitor).nth(6).textContent()).toContain('person from our team');

    // The inbox's "Unattended" view shows the handed-off chat, live, unread.
    const entry = chatEntry(inbox, 'Jane Visitor');
    await entry.filter({ hasText: 'Unread' }).waitFor();
    expect(await entry.textContent()).toContain('Ticket OPEN');
    await entry.click();
    await inbox.locator('.message.assistant', { hasText: '10:00' }).waitFor();
    await inbox.locator('.message.user', { hasText: 'I want to talk to a person' }).waitFor();
    await inbox.getByRole('region', { name: 'Contact' }).getByText('jane.visitor@example.com').waitFor();
    await inbox.getByRole('region', { name: 'Captured details' }).getByText('+56912345678').waitFor();
    await inbox.getByTestId('ticket-status').filter({ hasText: 'OPEN' }).waitFor();

    // The visitor writes again while waiting: the agent stays quiet now.
    await visitorSays(visitor, 'Hello? Is anyone there?');
    await inbox.locator('.message.user', { hasText: 'Is anyone there?' }).waitFor();
    await app.background.drain();

    await takeOverAndReply(inbox, 'Hi Jane, this is Sam. Happy to help!');
    await expect.poll(() => widgetMessages(visitor).last().textContent()).toContain('this is Sam');
    expect(await widgetMessages(visitor).last().getAttribute('class')).toContain('operator');
    // Shown as the team's, not as the agent's.
    expect(await widgetMessages(visitor).last().locator('.author').textContent()).not.toBe('Ada');

    // Greeting, question, answer, phone, thanks, the ask for a person, the handoff note, "anyone there?", Sam: no agent word after the handoff.
    const roles = await widgetMessages(visitor).evaluateAll((nodes) => nodes.map((node) => node.className.replace('msg ', '')));
    expect(roles).toEqual(['agent', 'visitor', 'agent', 'visitor', 'agent', 'visitor', 'agent', 'visitor', 'operator']);
    const chatId = new URL(inbox.url()).hash.split('/').pop()!;
    const runs = await app.server.inject({ method: 'GET', url: `/api/v1/chats/${chatId}/agent-runs`, headers: auth(apiKey) });
    expect(runs.json<{ items: Array<{ outcome: string }> }>().items.map((run) => run.outcome)).toEqual(['handoff', 'answered', 'answered']);
    const tickets = await app.server.inject({ method: 'GET', url: `/api/v1/tickets?chatId=${chatId}`, headers: auth(apiKey) });
    expect(tickets.json().items).toEqual([
      expect.objectContaining({ status: 'IN_PROGRESS', reason: 'customer_asked', assigneeUserId: member.id }),
    ]);

    if (process.env.STORY_SCREENSHOTS) {
      await visitor.screenshot({ path: image('widget.png') });
      await inbox.screenshot({ path: image('inbox.png') });
    }
  }, 180_000);
});
