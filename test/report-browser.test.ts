import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers/cli.ts';
import { ROOT, fixture, plans } from './helpers/fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';

describe('plan-ingest report in a real browser', () => {
  const dir = tempDir();
  const db = join(dir, 'plans.db');
  const out = join(dir, 'report.html');

  beforeAll(() => {
    const r = cli(['ingest', ...plans().map((p) => fixture('corpus', p, 'plan.docx')), '--db', db]);
    expect(r.status).toBe(0);
    const rep = cli(['report', '--db', db, '--out', out]);
    expect(rep.stderr).toBe('');
    expect(rep.status).toBe(0);
  });

  it('is one self-contained page: nothing loaded from the network', () => {
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    expect(html).not.toMatch(/@import|url\(http/i);
  });

  it.skipIf(!existsSync(CHROMIUM))('loads without console errors, draws the charts, filters the table', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
      await page.goto(pathToFileURL(out).href);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);

      // three SVG charts, each with bars
      for (const id of ['chart-themes', 'chart-due', 'chart-rag']) {
        expect(await page.locator(`svg#${id} rect.bar`).count(), id).toBeGreaterThan(0);
      }
      // one bar label per area in the theme chart
      const labels = await page.locator('svg#chart-themes text.axis').allTextContents();
      for (const area of ['Norfolk', 'Thurrock', 'Tower Hamlets']) expect(labels).toContain(area);

      const rows = page.locator('#actions tbody tr');
      const total = await rows.count();
      expect(total).toBe(3 + 27 + 9 + 27 + 15);
      await page.fill('#q', 'asset transfer');
      const visible = page.locator('#actions tbody tr:visible');
      expect(await visible.count()).toBe(2);
      expect(await visible.first().textContent()).toMatch(/asset transfer/i);
      expect(await page.textContent('#count')).toBe(`2 of ${total} actions`);
      // each row links to its source document with page and row
      const link = visible.first().locator('a');
      expect(await link.getAttribute('href')).toMatch(/plan\.docx$/);
      expect(await link.textContent()).toMatch(/^plan\.docx p\.\d+ r\.\d+$/);

      await page.fill('#q', '');
      expect(await page.locator('#actions tbody tr:visible').count()).toBe(total);
      await page.selectOption('#area', 'Tower Hamlets');
      expect(await page.locator('#actions tbody tr:visible').count()).toBe(15);
      await page.selectOption('#area', '');

      mkdirSync(join(ROOT, 'test-output'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-output', 'report.png'), fullPage: false });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
