import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { BROWSER_UA } from './deps';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Beacons sent while a page unloads leave with the browser's own user agent,
// not the context's, so the browser itself must look ordinary too.
const ARGS = [
  `--user-agent=${BROWSER_UA}`,
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
// Not marked as automated: `navigator.webdriver` stays false, as in a reader's browser.
const AS_A_READER = '--disable-blink-features=AutomationControlled';

/**
 * Debian's Chromium, headless, with no traffic of its own on this closed network.
 * `asReader`: as a reader's browser is, not marked automated and with the
 * back-forward cache (Playwright turns it off by default).
 * `timeZone`: the zone of the machine the browser runs on, beside any context's
 * `timezoneId`: in one CI run a page read the machine's zone (GMT, which Chromium
 * names Africa/Abidjan) although its context had another.
 */
export async function launchChromium(options: { asReader?: boolean; timeZone?: string } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: options.asReader ? [...ARGS, AS_A_READER] : ARGS,
    ...(options.timeZone ? { env: { ...process.env, TZ: options.timeZone } } : {}),
    ...(options.asReader ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
  });
}

/**
 * Chromium as a plain process on one address, with no DevTools attached: the
 * way to see what DevTools turns off, such as prerendering. Stop it when done.
 */
export function openInChromium(url: string): { stop(): Promise<void> } {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  // Its own process group, so that stopping it stops its renderers too.
  const child = spawn(CHROMIUM, [...ARGS, AS_A_READER, `--user-data-dir=${profile}`, url], { stdio: 'ignore', detached: true });
  return {
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(-child.pid, 'SIGTERM');
        await exited;
      }
      // Its helpers may still be closing files in the profile for a moment.
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

/** Headless Chromium names itself in its user agent, which bot filtering rightly drops. */
export const ordinaryBrowser = { userAgent: BROWSER_UA, viewport: { width: 1280, height: 800 } };

/** A phone as the people at a review hold one: 390 px wide, touch. */
export const phoneBrowser = { ...ordinaryBrowser, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** Logs a browser context in with the admin token, by the login page's own words. */
export async function logInAsAdmin(context: BrowserContext, productUrl: string, token: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${productUrl}/login`);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.close();
}
