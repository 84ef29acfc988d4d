// Browser tests: ingest the project's example articles (plus one hostile article)
// into a temporary store, start `sitrep serve` on a free loopback port, and click
// through every view of the dashboard in Debian's Chromium, headless, with a fresh
// profile. Every view must show data from the ingest, no console error may appear,
// and the hostile title must show as text. Screenshots go to target/screens/.
//
//   cd tests/browser && npm ci && npm test
// Env: SITREP_BIN (default ../../target/debug/sitrep), CHROMIUM (default /usr/bin/chromium).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.SITREP_BIN || join(ROOT, 'target/debug/sitrep');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SCREENS = join(ROOT, 'target/screens');
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> Hostile headline';

let work; let server; let base; let context; let page;
const consoleErrors = [];
const dialogs = [];

function startServer(db) {
  return new Promise((resolveUrl, reject) => {
    const p = spawn(BIN, ['serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolveUrl({ proc: p, url: m[0] });
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', (d) => { out += d; });
    p.on('exit', (code) => reject(new Error(`sitrep serve exited ${code}: ${out}`)));
  });
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'sitrep-browser-'));
  const db = join(work, 'store.db');
  const hostile = join(work, 'hostile.jsonl');
  writeFileSync(hostile, JSON.stringify({
    id: 'hostile', title: HOSTILE, published: '2025-03-08', source: '<b>Evil</b> Source',
    url: 'javascript:alert(1)',
    text: `${HOSTILE}\nThe minister of <script>alert(1)</script> said on Friday that talks in Geneva would resume.`,
  }) + '\n');
  execFileSync(BIN, ['ingest', '--db', db, join(ROOT, 'examples'), join(ROOT, 'crates/sitrep/test_data/articles'), hostile], { stdio: 'inherit' });
  const s = await startServer(db);
  server = s.proc;
  base = s.url;
  mkdirSync(SCREENS, { recursive: true });
  context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 768 },
  });
  page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${m.text()} @ ${page.url()}`); });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message} @ ${page.url()}`));
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  // Nothing may leave the machine: any request to another origin fails the run.
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('data:')) consoleErrors.push(`off-origin request: ${u}`);
  });
});

after(async () => {
  if (context) await context.close();
  if (server) server.kill('SIGTERM');
  if (work) rmSync(work, { recursive: true, force: true });
});

async function shot(name) {
  await page.screenshot({ path: join(SCREENS, `${name}.png`) });
}

async function api(path) {
  const r = await fetch(new URL(path, base));
  assert.equal(r.status, 200, path);
  return r.json();
}

test('article list shows the ingested articles and search marks matches', async () => {
  await page.goto(base);
  await page.waitForSelector('.view-articles .card');
  const n = await page.locator('.view-articles .card').count();
  assert.ok(n >= 8, `articles listed: ${n}`);
  await page.waitForFunction(() => /articles/.test(document.getElementById('status').textContent));
  await shot('articles');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-q');
  await page.keyboard.type('ceasefire');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.view-articles .snippet mark');
  assert.match(page.url(), /#\/articles\?q=ceasefire/);
  assert.match((await page.locator('.snippet mark').first().textContent()).toLowerCase(), /ceasefire/);
  await shot('search');
});

test('article view highlights entities, statements, events and dates', async () => {
  await page.goto(`${base}#/articles?q=ceasefire`);
  await page.waitForSelector('.view-articles .card h2 a');
  await page.locator('.view-articles .card h2 a').first().click();
  await page.waitForSelector('.article-text');
  for (const cls of ['ent', 'stmt', 'cue', 'evt', 'time']) {
    const c = await page.locator(`.article-text .${cls}`).count();
    assert.ok(c > 0, `highlighted .${cls}: ${c}`);
  }
  // Clicking an entity in the side list marks its mentions in the text.
  await page.locator('.article-side .side-section').first().locator('button').first().click();
  assert.ok(await page.locator('.article-text .focus').count() > 0);
  // j/k move through the side list.
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('j');
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains('item')));
  await shot('article');
});

test('timeline draws events per day and a click narrows to the day', async () => {
  await page.goto(base);
  await page.waitForSelector('.view-articles');
  await page.keyboard.press('2');
  await page.waitForSelector('.view-timeline svg.chart .bar');
  const bars = await page.locator('svg.chart .bar').count();
  const tl = await api('/api/timeline');
  assert.equal(bars, tl.buckets.length);
  assert.ok(bars > 0);
  assert.ok(await page.locator('.view-timeline .cards.events .card').count() > 0);
  await shot('timeline');
  await page.locator('svg.chart .bar').last().click();
  await page.waitForFunction(() => /from=\d{4}-\d\d-\d\d&to=/.test(location.hash));
  await page.waitForSelector('.view-timeline');
  assert.equal(await page.locator('#f-from').inputValue(), tl.buckets[tl.buckets.length - 1].day);
});

test('map draws the world outline and the places', async () => {
  await page.goto(`${base}#/map`);
  await page.waitForSelector('.view-map svg.map .dot');
  assert.ok(await page.locator('svg.map .land path').count() > 150);
  const pts = await api('/api/map');
  assert.equal(await page.locator('svg.map .dot').count(), pts.points.length);
  assert.ok(pts.points.length > 0);
  await shot('map');
  await page.locator('.map-side a').first().click();
  await page.waitForSelector('.view-articles .card');
  assert.match(page.url(), /place=/);
});

test('network draws actors and their links; a click shows an actor', async () => {
  await page.goto(`${base}#/network`);
  await page.waitForSelector('.view-network svg.network .node');
  assert.ok(await page.locator('svg.network .node').count() >= 2);
  assert.ok(await page.locator('svg.network .edge').count() >= 1);
  const node = page.locator('svg.network .node').first();
  const name = await node.locator('text').textContent();
  await node.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('.network-side h2');
  assert.equal(await page.locator('.network-side h2').textContent(), name);
  await shot('network');
});

test('claims board lists claims with their responses', async () => {
  await page.goto(`${base}#/claims`);
  await page.waitForSelector('.view-claims');
  const claims = await api('/api/claims');
  if (claims.items.length) {
    assert.equal(await page.locator('.view-claims .claim').count(), claims.items.length);
    assert.ok(await page.locator('.view-claims .claim .side').count() > 0);
  } else {
    // The extractor of this build produced no claims from the examples.
    assert.ok(await page.locator('.view-claims .msg.empty').isVisible());
  }
  await shot('claims');
});

test('stance matrix shows actors × issues and the evidence of a cell', async () => {
  await page.goto(`${base}#/stance`);
  await page.waitForSelector('.view-stance');
  const st = await api('/api/stance');
  if (st.actors.length) {
    assert.equal(await page.locator('table.matrix tbody tr').count(), st.actors.length);
    await page.locator('table.matrix .cell').first().click();
    await page.waitForSelector('.stance-evidence li');
    assert.match(page.url(), /cell=/);
  } else {
    assert.ok(await page.locator('.view-stance .msg.empty').isVisible());
  }
  await shot('stance');
});

test('deep links restore view and filters; keyboard switches views', async () => {
  await page.goto(`${base}#/timeline?type=ASSAULT&status=occurred`);
  await page.waitForSelector('.view-timeline');
  assert.equal(await page.locator('#f-type').inputValue(), 'ASSAULT');
  assert.equal(await page.locator('#f-status').inputValue(), 'occurred');
  assert.equal(await page.locator('#views a[aria-current="page"]').textContent().then((t) => t.trim().split(' ')[0]), 'Timeline');
  // Switching view keeps the filters.
  await page.keyboard.press('1');
  await page.waitForSelector('.view-articles');
  assert.match(page.url(), /#\/articles\?.*type=ASSAULT/);
  await page.keyboard.press('?');
  assert.ok(await page.locator('#help').isVisible());
  await page.keyboard.press('Escape');
  assert.ok(!(await page.locator('#help').isVisible()));
});

test('a hostile article is shown as text, never run', async () => {
  await page.goto(`${base}#/articles?q=hostile`);
  await page.waitForSelector('.view-articles .card h2 a');
  await page.locator('.view-articles .card h2 a').first().click();
  await page.waitForSelector('.article-head h1');
  assert.equal(await page.locator('.article-head h1').textContent(), HOSTILE);
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(await page.locator('main script').count(), 0);
  // A javascript: URL is never made a link.
  assert.equal(await page.locator('main a[href^="javascript"]').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await shot('hostile');
});

test('no console errors and no dialogs in the whole run', () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(dialogs, []);
});
