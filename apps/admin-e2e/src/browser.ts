import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { beforeEach } from 'vitest';
import { WORKSPACE_ROOT, type RunningSystem } from './system';

export const SCREENSHOT_DIR = resolve(WORKSPACE_ROOT, 'apps/admin-e2e/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const DOCS_SCREENSHOT_DIR = resolve(WORKSPACE_ROOT, 'docs/screenshots');

/**
 * A screenshot meant for the documentation. Written into docs/screenshots only when
 * UPDATE_SCREENSHOTS=1, so an ordinary test run leaves the working tree as it was.
 */
export async function docsScreenshot(page: Page, name: string): Promise<string> {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? DOCS_SCREENSHOT_DIR : SCREENSHOT_DIR;
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * When a test fails: a screenshot, the page's address, what the browser logged and the api's output,
 * so the log alone tells what went wrong.
 */
export function reportFailures(prefix: string, current: () => { page: Page; system: RunningSystem; browserLog?: string[] }): void {
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const { page, system, browserLog = [] } = current();
      const name = task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      const path = await screenshot(page, `failed-${prefix}${name}`).catch(() => 'none');
      const browser = browserLog.length ? `\nBrowser:\n${browserLog.slice(-30).join('\n')}` : '';
      console.error(`Page: ${page.url()}\nScreenshot: ${path}${browser}\nApi output:\n${system.output() || '(nothing)'}`);
    });
  });
}
