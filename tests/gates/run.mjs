// Browser gates for rapport's HTML output (docs/quality.md):
//   1. accessibility: axe-core at WCAG 2.1 A/AA, keyboard focus, chart names
//   2. valid HTML: vnu reports no error
//   3. real browser: no console error, no request outside file://, screenshots
// Usage: node tests/gates/run.mjs            builds the example report and two fixtures
//        node tests/gates/run.mjs DIR...     checks already built sites in DIR...
//        node tests/gates/run.mjs --self-test  checks that every gate fails on broken pages
// The binary is $RAPPORT_BIN, else $CARGO_TARGET_DIR/debug/rapport, else target/debug/rapport.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = require('vnu-jar');
const shots = join(root, 'target/gate-screenshots');
const failures = [];
const fail = (page, message) => failures.push(`${page}: ${message}`);

/** Builds the three reports with the built binary; returns the site folders. */
function buildReports(work) {
  const bin = process.env.RAPPORT_BIN
    ?? join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug/rapport');
  const reports = { example: root, spik: 'tests/fixtures/spik', basic: 'tests/fixtures/basic' };
  return Object.entries(reports).map(([name, dir]) => {
    const out = join(work, name);
    execFileSync(bin, ['build', resolve(root, dir), '--out', out, '--no-pdf'], { stdio: 'inherit' });
    return out;
  });
}

const htmlFiles = (site) => readdirSync(site).filter((f) => f.endsWith('.html')).sort().map((f) => join(site, f));

/** Gate 2: vnu's errors, grouped by file. */
function validate(pages) {
  const run = spawnSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...pages], { encoding: 'utf8' });
  if (run.error) throw run.error;
  for (const m of JSON.parse(run.stderr || '{"messages":[]}').messages) {
    fail(fileURLToPath(m.url ?? 'file:///vnu'), `vnu ${m.type}: line ${m.lastLine}: ${m.message}`);
  }
}

/** Gates 1 and 3 on one page, in a real browser; `shot` names a screenshot to save. */
async function checkPage(browser, file, shot) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on('console', (m) => m.type() === 'error' && fail(file, `console error: ${m.text()}`));
  page.on('pageerror', (e) => fail(file, `page error: ${e.message}`));
  page.on('request', (r) => !r.url().startsWith('file://') && fail(file, `request to ${r.url()}`));
  page.on('requestfailed', (r) => fail(file, `failed request ${r.url()}: ${r.failure()?.errorText}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.evaluate(axeSource); // through DevTools, so the page's CSP stays in force
  const { violations } = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
    preload: false, // axe would fetch style.css itself, which the page's CSP rightly refuses
  }));
  for (const v of violations) {
    fail(file, `axe ${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  for (const problem of await page.evaluate(chartProblems)) fail(file, problem);
  if (shot) await page.screenshot({ path: join(shots, `${shot}.png`), fullPage: shot !== 'print' });
  for (const problem of await keyboardProblems(page)) fail(file, problem);
  await page.close();
}

/** Every chart is an image named by its title and described by its summary. */
function chartProblems() {
  return [...document.querySelectorAll('figure svg')].flatMap((svg, i) => {
    const ids = (svg.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
    const parts = ids.map((id) => document.getElementById(id));
    const text = (tag) => parts.find((p) => p?.tagName.toLowerCase() === tag && svg.contains(p))?.textContent.trim();
    const problems = [];
    if (svg.getAttribute('role') !== 'img') problems.push(`chart ${i + 1}: svg without role="img"`);
    if (!text('title')) problems.push(`chart ${i + 1}: aria-labelledby does not name a non-empty <title>`);
    if (!text('desc')) problems.push(`chart ${i + 1}: aria-labelledby does not name a non-empty <desc>`);
    return problems;
  });
}

/** Tab reaches the skip link first, then every sidebar link, each with a visible focus style. */
async function keyboardProblems(page) {
  const wanted = await page.$$eval('.skip-link, .sidebar a', (links) => links.map((a) => a.outerHTML));
  if (!wanted.length || !wanted[0].includes('skip-link')) return ['no skip link'];
  const problems = [];
  const seen = new Set();
  for (let i = 0; i < 200 && seen.size < wanted.length; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return {
        html: el.outerHTML,
        outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
      };
    });
    if (i === 0 && focus.html !== wanted[0]) problems.push(`first Tab goes to ${focus.html.slice(0, 80)}, not the skip link`);
    if (!wanted.includes(focus.html)) continue;
    seen.add(focus.html);
    if (!focus.outlined) problems.push(`no visible focus outline on ${focus.html.slice(0, 80)}`);
    if (!focus.onScreen) problems.push(`focused element off screen: ${focus.html.slice(0, 80)}`);
  }
  if (seen.size < wanted.length) problems.push(`Tab reached ${seen.size} of ${wanted.length} skip/sidebar links`);
  return problems;
}

async function main() {
  const args = process.argv.slice(2);
  const selfTest = args[0] === '--self-test';
  const work = mkdtempSync(join(tmpdir(), 'rapport-gates-'));
  const sites = selfTest ? [join(here, 'broken')] : args.length ? args.map((a) => resolve(a)) : buildReports(work);
  const pages = sites.flatMap(htmlFiles);
  const started = Date.now();
  validate(pages);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    userDataDir: join(work, 'profile'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  mkdirSync(shots, { recursive: true });
  try {
    // Screenshots of the first site (the example report) are kept as CI artifacts.
    const shotNames = { 'index.html': 'cover', 'projektstatistik.html': 'statistics', 'print.html': 'print' };
    for (const file of pages) {
      const shot = !selfTest && dirname(file) === sites[0] && shotNames[basename(file)];
      await checkPage(browser, file, shot);
    }
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (selfTest) return selfTestVerdict(seconds);
  for (const f of failures) console.error(`FAIL ${f}`);
  console.log(`gates: ${pages.length} pages, ${failures.length} problems (${seconds} s); screenshots in ${shots}`);
  process.exitCode = failures.length ? 1 : 0;
}

/** Each gate must fail on tests/gates/broken/, which breaks each rule once. */
function selfTestVerdict(seconds) {
  const expected = ['axe image-alt', 'axe color-contrast', 'vnu error', 'console error', 'request to http',
    'no skip link', 'svg without role', 'no visible focus outline', 'first Tab goes to'];
  const missed = expected.filter((e) => !failures.some((f) => f.includes(e)));
  for (const f of failures) console.log(`  caught: ${f}`);
  console.log(`self-test: ${expected.length - missed.length}/${expected.length} gates fail as they should (${seconds} s)`);
  if (missed.length) console.error(`self-test: not caught: ${missed.join('; ')}`);
  process.exitCode = missed.length ? 1 : 0;
}

await main();
