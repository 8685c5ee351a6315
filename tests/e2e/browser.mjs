// Shared by the browser tests: Debian's Chromium driven by playwright-core, signed-in pages, screenshots.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { baseUrl, password } from './support.mjs';

export const shots = resolve(dirname(fileURLToPath(import.meta.url)), '../../artifacts/screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

export async function launch() {
  mkdirSync(shots, { recursive: true });
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: flags });
}

/** A fresh context (its own sessionStorage, so its own user) signed in through the form, at `hash`, hub connected. */
export async function signedIn(browser, username, hash, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${username}] ${e.message}`));
  await page.goto(`${baseUrl}/`);
  await page.locator('#signin-username').fill(username);
  await page.locator('#signin-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('current-user').waitFor();
  await page.evaluate((h) => { window.location.hash = h; }, hash);
  await connected(page);
  return page;
}

export async function connected(page) {
  await page.waitForSelector('[data-testid="connection-state"][data-state="connected"]', { timeout: 15000 });
}
