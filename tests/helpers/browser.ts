import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { BROWSER_UA } from './deps';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with no traffic of its own on this closed network. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    // Beacons sent while a page unloads leave with the browser's own user agent,
    // not the context's, so the browser itself must look ordinary too.
    args: [
      `--user-agent=${BROWSER_UA}`,
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Headless Chromium names itself in its user agent, which bot filtering rightly drops. */
export const ordinaryBrowser = { userAgent: BROWSER_UA, viewport: { width: 1280, height: 800 } };
