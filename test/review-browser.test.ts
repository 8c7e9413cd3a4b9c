// The review app in Debian chromium (playwright-core): a scanned plan with its
// unsure OCR cells marked and the selected cell's box on the page image; a
// correction made in the page, kept over a reload and a --force re-import,
// and in the export with the extracted value in provenance; a document whose
// cells hold HTML and script stays inert.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers/cli.ts';
import { fixture, ROOT } from './helpers/fixtures.ts';
import { serve, type Served } from './helpers/serve.ts';

const CHROMIUM = '/usr/bin/chromium';
const HOSTILE = [
  'Plan <script>window.__pwned=1</script>',
  '',
  'Ref\tAction\tLead officer\tDue date',
  '1\t<script>window.__pwned=1</script>Run a forum\t<img src=x onerror="window.__pwned=2">\tMarch 2012',
  '2\tHold <iframe src="javascript:parent.__pwned=4"></iframe> events\tJane</td></tr><tr><td onclick="window.__pwned=5">Smith\tJune 2012',
].join('\n') + '\n';

describe.skipIf(!existsSync(CHROMIUM))('plan-ingest serve in a real browser', () => {
  const dir = tempDir();
  const db = join(dir, 'plans.db');
  const scan = join(dir, 'scan.pdf');
  const hostile = join(dir, 'hostile.tsv');
  let server: Served;
  let browser: Browser;
  const errors: string[] = [];

  // The page's unsure words come from OCR confidences: the bundled engine is
  // pinned so that this scan has some (the installed tesseract reads it cleanly).
  const OCR = { env: { PLAN_INGEST_OCR_ENGINE: 'wasm' } };

  beforeAll(async () => {
    copyFileSync(fixture('corpus', 'norfolk-ni7-laa-action-plan', 'scan.pdf'), scan);
    writeFileSync(hostile, HOSTILE);
    expect(cli(['ingest', scan, '--db', db, '--jobs', '0'], OCR).status).toBe(0);
    // stored as read, without the markup clean-up of the repair stage
    expect(cli(['ingest', hostile, '--db', db, '--jobs', '0', '--no-repair']).status).toBe(0);
    server = await serve(['--db', db, '--user', 'analyst']);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); void d.dismiss(); });
    page.on('request', (r) => { if (!r.url().startsWith(server.url)) errors.push(`request outside the server: ${r.url()}`); });
    await page.goto(new URL(path, server.url).href);
    return page;
  }

  async function documentId(source: string): Promise<number> {
    const page = await open('/');
    await page.waitForSelector('#documents tbody tr');
    const href = await page.locator('#documents tbody tr', { hasText: source }).locator('a').getAttribute('href');
    await page.close();
    return Number(/\/documents\/(\d+)/.exec(href!)![1]);
  }

  const leadCell = (page: Page) => page.locator('#records tbody tr').first().locator('td[data-field="lead"]');

  it('shows a scanned plan: unsure cells marked, the selected cell boxed on the page; a correction survives reload and --force', async () => {
    const id = await documentId('scan.pdf');
    const page = await open(`/documents/${id}`);
    await page.waitForSelector('#records tbody tr');
    expect(await page.locator('#records tbody tr').count()).toBe(3);
    // low-confidence OCR words highlighted in their cells
    expect(await page.locator('#records td.low-cell mark.low').count()).toBeGreaterThan(0);

    const original = (await leadCell(page).textContent())!;
    await leadCell(page).click();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('#page-image');
      return !!img && img.complete && img.naturalWidth > 0;
    }, undefined, { timeout: 60_000 });
    const box = await page.locator('svg#boxes rect.selected').boundingBox();
    const img = await page.locator('#page-image').boundingBox();
    expect(box && img).toBeTruthy();
    // the lead cell: a column inside the page, right of the page's middle
    expect(box!.x).toBeGreaterThan(img!.x + img!.width * 0.5);
    expect(box!.x + box!.width).toBeLessThanOrEqual(img!.x + img!.width);
    expect(box!.y).toBeGreaterThan(img!.y);
    expect(box!.height).toBeGreaterThan(10);
    expect(await page.locator('svg#boxes rect.cell').count()).toBeGreaterThanOrEqual(3);

    // correct the lead in place
    await leadCell(page).dblclick();
    const editor = leadCell(page).locator('textarea');
    await editor.fill('Norfolk Community Action');
    await editor.press('Enter');
    await page.waitForSelector('#message:has-text("Saved")');
    expect(await leadCell(page).textContent()).toBe('Norfolk Community Action');
    mkdirSync(join(ROOT, 'test-output'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-output', 'review-document.png') });

    await page.reload();
    await page.waitForSelector('#records tbody tr');
    expect(await leadCell(page).textContent()).toBe('Norfolk Community Action');
    expect(await leadCell(page).getAttribute('class')).toContain('corrected');

    // the nightly import forced over the same file: the correction is re-applied
    const again = cli(['ingest', scan, '--db', db, '--jobs', '0', '--force'], OCR);
    expect(again.status).toBe(0);
    const newId = await documentId('scan.pdf');
    await page.goto(new URL(`/documents/${newId}`, server.url).href);
    await page.waitForSelector('#records tbody tr');
    expect(await leadCell(page).textContent()).toBe('Norfolk Community Action');
    await page.close();

    const out = JSON.parse(cli(['export', '--db', db]).stdout);
    const rec = out.documents.find((d: { source: string }) => d.source === 'scan.pdf').records[0];
    expect(rec.lead).toBe('Norfolk Community Action');
    expect(rec.provenance.corrections).toEqual([expect.objectContaining({ field: 'lead', from: original, to: 'Norfolk Community Action', by: 'analyst' })]);
    expect(rec.provenance.cells.lead.conf).toBeGreaterThan(0);

    // reverted from the page: the extracted value is back
    const back = await open(`/documents/${newId}`);
    await back.waitForSelector('#records tbody tr');
    await leadCell(back).click();
    await back.click('#corrections button.revert');
    await back.waitForSelector('#message:has-text("reverted")');
    expect(await leadCell(back).textContent()).toBe(original);
    await back.close();

    const list = await open('/');
    await list.waitForSelector('#documents tbody tr');
    await list.screenshot({ path: join(ROOT, 'test-output', 'review-documents.png') });
    await list.close();
    expect(errors).toEqual([]);
  }, 300_000);

  it('keeps HTML and script in a document inert', async () => {
    const list = await open('/');
    await list.waitForSelector('#documents tbody tr');
    expect(await list.locator('#documents').textContent()).toContain('Plan <script>window.__pwned=1</script>');
    await list.fill('#filter', 'script');
    expect(await list.locator('#documents tbody tr').count()).toBe(1);
    const id = Number(/\/documents\/(\d+)/.exec((await list.locator('#documents tbody tr a').getAttribute('href'))!)![1]);
    await list.close();

    const page = await open(`/documents/${id}`);
    await page.waitForSelector('#records tbody tr');
    await page.locator('#records tbody tr').nth(1).locator('td[data-field="lead"]').click();
    await page.waitForSelector('#sourcetext mark');
    await page.waitForTimeout(300);
    expect(await page.textContent('#doc-title')).toBe('Plan <script>window.__pwned=1</script>');
    const cells = await page.locator('#records tbody td[data-field]').allTextContents();
    expect(cells).toContain('<script>window.__pwned=1</script>Run a forum');
    expect(cells).toContain('<img src=x onerror="window.__pwned=2">');
    expect(await page.locator('#records img, #records script, #records iframe, #sourcetext script, #sourcetext img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1); // the app's own
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.textContent('#sourcetext mark')).toContain('</td></tr><tr><td onclick=');
    expect(errors).toEqual([]);
    await page.close();
  });
});
