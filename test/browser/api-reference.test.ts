import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { auth, buildTestApp } from '../helpers/test-app.js';

const app = await buildTestApp();
const base = await app.server.listen({ port: 0, host: '127.0.0.1' });
const { apiKey } = await app.newWorkspace();
let browser: TestBrowser;

beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('the API reference at /docs, in a real browser', () => {
  it('shows the request example of POST /api/v1/contacts, and "Try it out" with it creates the contact', async () => {
    const page = await browser.newPage();
    // Swagger UI renders the whole document before the first operation appears; a loaded machine is slow at it.
    page.setDefaultTimeout(60_000);
    await page.goto(`${base}/docs`);

    // Authorize with the workspace API key (the bearer scheme).
    await page.locator('button.authorize').first().click();
    const bearerForm = page.locator('.modal-ux form').filter({ hasText: 'apiKey' });
    await bearerForm.locator('input').first().fill(apiKey);
    await bearerForm.locator('button[type="submit"]').click();
    await page.locator('.modal-ux button.btn-done').first().click();

    const operation = page.locator('.opblock-post', { has: page.locator('[data-path="/api/v1/contacts"]') });
    await operation.locator('button.opblock-summary-control').first().click({ noWaitAfter: true });
    const example = operation.locator('.opblock-section-request-body .highlight-code, .opblock-section-request-body .body-param__example');
    await expect.poll(async () => (await example.first().textContent()) ?? '').toContain('"firstName": "Jane"');

    await operation.locator('button.try-out__btn').click();
    const body = operation.locator('textarea.body-param__text');
    expect(JSON.parse(await body.inputValue())).toMatchObject({ firstName: 'Jane', lastName: 'Doe' });
    await operation.locator('button.execute').click();

    const status = operation.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor();
    const answer = await operation.locator('.live-responses-table tbody .response-col_description').first().textContent();
    expect((await status.textContent())?.trim(), answer ?? '').toMatch(/^20[01]/);

    const listed = await app.server.inject({ method: 'GET', url: '/api/v1/contacts', headers: auth(apiKey) });
    expect(listed.json<{ items: Array<{ firstName: string }> }>().items.map((contact) => contact.firstName)).toContain('Jane');
  }, 180_000);
});
