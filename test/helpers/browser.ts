import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export type { Page } from 'playwright-core';

export interface TestBrowser {
  /** A new page in a fresh context (its own cookies and storage), e.g. with `{ locale: 'es-CL' }`. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/**
 * A headless Chromium for real-browser tests: the build from @sparticuz/chromium (it runs
 * without system libraries or a display) driven by playwright-core. Close it in afterAll.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser: Browser = await playwright.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args,
    headless: true,
  });
  return {
    async newPage(options) {
      const context = await browser.newContext(options);
      return context.newPage();
    },
    close: () => browser.close(),
  };
}
