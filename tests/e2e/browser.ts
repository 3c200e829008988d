import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { signInInput } from '../fixtures/sign-in-account.js';

/** Debian's Chromium, headless, offline, with a fresh profile; SwiftShader gives it WebGL without a GPU. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export interface OpenBrowser {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and CSP violations in the page: either means the console is broken. */
  problems: string[];
}

export async function openBrowser(workDir: string): Promise<OpenBrowser> {
  const context = await chromium.launchPersistentContext(path.join(workDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  return { context, page, problems };
}

/**
 * Signs the page in on the console's sign-in screen (after the host's link let it in), as a person
 * would, and waits for the console. Training accounts use their public password, test accounts
 * TEST_PASSWORD (tests/fixtures/sign-in-account.ts).
 */
export async function signInToConsole(page: Page, operatorId: string): Promise<void> {
  const { password } = signInInput(operatorId);
  await page.getByTestId('sign-in-operator').fill(operatorId);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('session-menu').waitFor();
}
