// The quarterly cycle in a real browser (Debian's Chromium, headless), as its users do it: an
// editor submits an update, the performance team approves it and publishes, and the public
// read the report. axe-core checks every page visited against WCAG 2.2 A and AA; each page is
// saved as a screenshot in $SHOTS for people to look at.
//
// Run by the Rust test `browser` in crates/ragbook-web/tests/it, which starts the app and
// sets BASE, PASSWORD, EDITOR, PERF, ADMIN, ITEM and SHOTS.

import fs from 'node:fs';
import { chromium } from 'playwright-core';

const env = process.env;
const { BASE, PASSWORD, EDITOR, PERF, ADMIN, ITEM, SHOTS } = env;
const QUARTER = env.QUARTER ?? '2026-27-Q2';
const WORDS = 'Browser test: both specialist posts will be filled by December.';
const axe = fs.readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
fs.mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const violations = [];
const checked = [];

function expect(condition, message) {
  if (!condition) throw new Error(`expected ${message}`);
}

/** Anything the pages' Content-Security-Policy blocked: the app itself must need nothing it forbids. */
const blocked = [];
function watchPolicy(page) {
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      blocked.push(`${page.url()}: ${message.text()}`);
    }
  });
  return page;
}

/** Runs axe on the page and keeps a screenshot of it. */
async function look(page, name) {
  // Evaluated through the browser's debugging protocol: the pages' policy forbids any script
  // element, which is the point of it.
  await page.evaluate(axe);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  for (const v of result.violations) {
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ');
    violations.push(`${name} (${page.url()}): ${v.id} [${v.impact}] ${v.help}: ${where}`);
  }
  checked.push(name);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function signIn(name) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = watchPolicy(await context.newPage());
  await page.goto(`${BASE}/login`);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${BASE}/`);
  return page;
}

try {
  // The public: only published reports, and the way to sign in.
  const visitor = watchPolicy(await (await browser.newContext()).newPage());
  await visitor.goto(`${BASE}/`);
  expect(visitor.url() === `${BASE}/published`, 'the public to start at the published reports');
  await look(visitor, 'published-archive');
  await visitor.goto(`${BASE}/review`);
  expect(visitor.url().startsWith(`${BASE}/login`), 'the public to be sent to sign in');
  await look(visitor, 'sign-in');
  const unpublished = await visitor.goto(`${BASE}/published/${QUARTER}/report.html`);
  expect(unpublished.status() === 404, `the open quarter's report to be unpublished (got ${unpublished.status()})`);

  // The editor finds the item in their updates and submits it.
  const editor = await signIn(EDITOR);
  await look(editor, 'plan-overview');
  await editor.getByRole('link', { name: 'My updates' }).click();
  await look(editor, 'my-updates');
  await editor.locator(`a[href="/updates/${ITEM}"]`).click();
  await look(editor, 'update-form');
  await editor.getByLabel('Review', { exact: true }).check();
  await editor.getByLabel('Commentary').fill(WORDS);
  await editor.getByLabel('Issue').fill('');
  await editor.getByRole('button', { name: 'Submit for review' }).click();
  expect(await editor.getByText('There is a problem').isVisible(), 'an error summary for a Review rating without its issue');
  await look(editor, 'update-form-errors');
  await editor.getByLabel('Issue').fill('Two specialist posts are vacant.');
  await editor.getByLabel('Response').fill('An agency is covering while we recruit.');
  await editor.getByRole('button', { name: 'Submit for review' }).click();
  await editor.waitForURL(`${BASE}/my-updates`);
  expect(await editor.getByText('was submitted for review').isVisible(), 'the notice that it was submitted');
  for (const [name, path] of [
    ['deliverable', `/deliverables/${ITEM}`],
    ['history', `/items/${ITEM}/history`],
    ['priority', '/priorities/P1'],
    ['measure', '/measures/KM01'],
    ['budget', '/budget'],
    ['portfolio', '/budget/ASC'],
  ]) {
    await editor.goto(`${BASE}${path}`);
    await look(editor, name);
  }

  // A finance editor opens a budget line's forecast while the quarter is open.
  const finance = await signIn(env.FINANCE ?? 'finance');
  await finance.goto(`${BASE}/budget/ASC`);
  await finance.locator('a[href^="/budget/lines/"]').first().click();
  await look(finance, 'budget-line');
  // ... its savings forecast, and the commitments against the general reserve.
  await finance.goto(`${BASE}/budget/ASC`);
  await finance.locator('a[href="/budget/savings/ASC"]').click();
  await look(finance, 'budget-savings');
  await finance.goto(`${BASE}/budget`);
  await finance.getByRole('link', { name: 'Change the commitments against the general reserve' }).click();
  await look(finance, 'budget-reserve');

  // The performance team approves it; everything else was approved before; they publish.
  const perf = await signIn(PERF);
  await perf.getByRole('link', { name: 'Review' }).click();
  await look(perf, 'review');
  await perf.getByRole('button', { name: `Approve ${ITEM}` }).click();
  await perf.waitForURL(`${BASE}/review`);
  expect(await perf.getByText(`The update of ${ITEM} was approved`).isVisible(), 'the notice that it was approved');
  await look(perf, 'review-ready');
  await perf.getByRole('button', { name: /^Publish the / }).click();
  await perf.waitForURL(`${BASE}/published/${QUARTER}`);
  await look(perf, 'publication');

  const admin = await signIn(ADMIN);
  await admin.goto(`${BASE}/users`);
  await look(admin, 'users');
  await admin.getByRole('link', { name: PERF, exact: true }).click();
  await look(admin, 'account');
  await admin.goto(`${BASE}/no/such/page`);
  expect((await admin.content()).includes('Page not found'), 'the error page in the service design');
  await look(admin, 'not-found');

  // The public read the published report, with the editor's words in it.
  const reader = watchPolicy(await (await browser.newContext()).newPage());
  await reader.goto(`${BASE}/published`);
  await reader.getByRole('link', { name: /Quarter 2 2026-27/ }).click();
  await reader.getByRole('link', { name: 'Read the report (HTML)' }).click();
  expect((await reader.content()).includes(WORDS), "the published report to hold the editor's commentary");
  const pdf = await reader.request.get(`${BASE}/published/${QUARTER}/report.pdf`);
  expect(pdf.headers()['content-type'] === 'application/pdf', 'the PDF download');
} catch (error) {
  console.error(`FAILED: ${error.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}

console.log(`axe checked ${checked.length} pages: ${checked.join(', ')}`);
if (blocked.length > 0) {
  console.error(`the Content-Security-Policy blocked ${blocked.length} thing(s) the pages need:\n${blocked.join('\n')}`);
  process.exitCode = 1;
}
if (violations.length > 0) {
  console.error(`${violations.length} accessibility violation(s):\n${violations.join('\n')}`);
  process.exitCode = 1;
}
