import type { Page } from './browser.js';

/**
 * The team inbox as a person drives it in a browser: by labels, roles and visible text, as a
 * screen reader would name them. Shared by the inbox test and the widget + inbox story.
 */
export async function logIntoInbox(page: Page, base: string, member: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/app`);
  // The test Chromium runs as one process (@sparticuz/chromium's --single-process), where browser
  // contexts share one cookie store: an earlier test's session shows the inbox. Log it out first.
  const logout = page.getByRole('button', { name: 'Log out' });
  await page.getByLabel('Email').or(logout).first().waitFor();
  if (await logout.isVisible()) await logout.click();
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
}

/** The chat list's entry for a customer, by their name. */
export function chatEntry(page: Page, customerName: string) {
  return page.getByRole('link', { name: new RegExp(customerName) });
}

export async function takeOverAndReply(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Take over' }).click();
  await page.getByTestId('ticket-status').filter({ hasText: 'IN_PROGRESS' }).waitFor();
  await page.getByLabel('Reply').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('.message.operator', { hasText: text }).waitFor();
}
