// The HTML report in headless Chromium (Debian's `chromium`; .ci/run installs it): the charts and table
// are drawn, sorting, filtering and expanding work, nothing logs an error and nothing touches the network.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { sampleInput } from './fixtures/findings.js';
import { HOSTILE_CONTEXT, hostileFinding } from './fixtures/hostile.js';
import { formatHtml } from './html.js';

const CHROMIUM = process.env.KEYHOLE_CHROMIUM ?? '/usr/bin/chromium';
const skip = fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} not found: install Debian's chromium package to run the browser test`;
/** Where the test leaves a screenshot of the page, for a person to look at. */
const SCREENSHOT = path.join(os.tmpdir(), 'keyhole-report.png');

describe('HTML report in Chromium', { skip, timeout: 120_000 }, () => {
  const input = { ...sampleInput(true), findings: [...sampleInput(true).findings, hostileFinding()] };
  const rowCount = input.findings.length;
  let dir = '';
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const foreign: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-html-'));
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, formatHtml(input));
    context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    // Every request that is not the report file itself is recorded and refused.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    context.on('request', (r) => { if (!r.url().startsWith('file:')) foreign.push(r.url()); });
    page = context.pages()[0] ?? await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  });

  after(async () => {
    await context?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const rowIds = (): Promise<string[]> => page.$$eval('#findings-body tr.finding-row', (rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
  const rowTexts = (col: number): Promise<string[]> =>
    page.$$eval('#findings-body tr.finding-row', (rows, c) => rows.map((r) => r.children[c]?.textContent ?? ''), col);

  it('draws every chart with bars', async () => {
    const charts = await page.$$eval('figure.chart-box', (figs) => figs.map((f) => ({ id: f.id, marks: f.querySelectorAll('svg rect.bar, svg path').length })));
    assert.deepEqual(charts.map((c) => c.id), ['chart-time', 'chart-provider', 'chart-source', 'chart-place']);
    for (const c of charts) assert.ok(c.marks > 0, `${c.id} has no bars`);
  });

  it('shows the summary and the rotation plan', async () => {
    const figures = await page.$$eval('.figures li', (lis) => lis.map((li) => li.textContent ?? ''));
    assert.ok(figures.includes(`${rowCount}findings`), figures.join(' | '));
    assert.equal(await page.locator('ol.plan > li').count(), rowCount);
  });

  it('has one table row per finding, in plan order', async () => {
    assert.equal((await rowIds()).length, rowCount);
    assert.deepEqual(await rowTexts(1), ['1', '2', '3', '4', '5']);
  });

  it('reorders rows when a header is clicked, and reverses on a second click', async () => {
    await page.click('th[data-key="rule"] button');
    const names = await rowTexts(3);
    assert.deepEqual(names, [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    assert.notDeepEqual(await rowTexts(1), ['1', '2', '3', '4', '5']);
    assert.equal(await page.getAttribute('th[data-key="rule"]', 'aria-sort'), 'ascending');
    await page.click('th[data-key="rule"] button');
    assert.deepEqual(await rowTexts(3), [...names].reverse());
    await page.click('th[data-key="rank"] button');
    assert.deepEqual(await rowTexts(1), ['1', '2', '3', '4', '5']);
  });

  it('narrows rows with the filter box and the severity select', async () => {
    await page.fill('#filter-text', 'amazon');
    assert.equal((await rowIds()).length, 0);
    await page.fill('#filter-text', 'dana dev');
    assert.deepEqual(await rowTexts(3), ['AWS access key ID']);
    await page.fill('#filter-text', '');
    await page.selectOption('#filter-severity', 'medium');
    assert.deepEqual(await rowTexts(3), ['Generic API token']);
    assert.match(await page.textContent('#findings-count') ?? '', /Showing 1 of 5/);
    await page.selectOption('#filter-severity', '');
    assert.equal((await rowIds()).length, rowCount);
  });

  it('expands a row to show its locations, with context and commit facts', async () => {
    const button = page.locator('tr.finding-row[data-id="f1aws000000000000000aaaa"] button.expander');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.isVisible('#detail-f1aws000000000000000aaaa'), false);
    await button.click();
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    const detail = page.locator('#detail-f1aws000000000000000aaaa');
    assert.ok(await detail.isVisible());
    assert.equal(await detail.locator('ul.locs > li').count(), 3);
    const text = await detail.textContent() ?? '';
    assert.match(text, /commit a1b2c3d4e5 by Dana Dev <dana@example\.com> on 2023-04-05T10:11:12Z: add deploy settings/);
    assert.match(text, /Deactivate the key in IAM/);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('shows a hostile context as text and never runs it', async () => {
    await page.click('tr.finding-row[data-id="f5hostile"] button.expander');
    assert.equal(await page.textContent('#detail-f5hostile ul.locs pre'), HOSTILE_CONTEXT);
    assert.equal(await page.evaluate(() => (globalThis as { pwned?: unknown }).pwned), undefined);
    assert.equal(await page.locator('img').count(), 0);
  });

  it('logs no errors and makes no network requests', () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(foreign, []);
  });
});
