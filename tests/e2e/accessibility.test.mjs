// Issue 4 item 3: "Accessible (labels, keyboard, contrast)". axe-core (the engine behind Lighthouse's
// accessibility audit) checks every screen of each role against WCAG 2.1 A and AA in headless Chromium,
// in both UI languages; keyboard use is checked by signing in and opening an incident with the keyboard only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch, signedIn, connected } from './browser.mjs';
import { api, baseUrl, password, signIn } from './support.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return { rules: r.passes.length + r.violations.length + r.incomplete.length,
      found: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })) };
  }, WCAG);
}

async function audit(page, what) {
  const { rules, found } = await violations(page);
  assert.ok(rules > 20, `${what}: axe ran only ${rules} rules`);
  assert.deepEqual(found, [], `${what}: WCAG 2.1 AA violations:\n${JSON.stringify(found, null, 2)}`);
}

async function settle(page, selector) {
  await page.locator(selector).first().waitFor({ timeout: 20000 });
  // Charts and lists fill in after their data arrives; wait until the network has been idle.
  await page.waitForLoadState('networkidle');
}

test('every screen of every role passes WCAG 2.1 AA checks, in English and in Chinese', async () => {
  const token = await signIn('operator1');
  const incident = await api(token, 'POST', '/api/incidents', {
    title: 'Accessibility check incident', summary: 'Opened by the accessibility test.', businessLine: 'douyin',
    category: 'fraud-scam', severity: 'S2', source: 'operator',
  });
  await api(token, 'POST', `/api/incidents/${incident.id}/handoffs`, { toDepartment: 'review-ops', note: 'please review' });

  const browser = await launch();
  try {
    const screens = [
      ['operator1', '#/incidents', '[data-testid="incident-row"], .page'],
      ['operator1', '#/incidents/new', '[data-testid="create-incident-form"]'],
      ['operator1', `#/incidents/${incident.id}`, '[data-testid="incident-detail"]'],
      ['operator1', '#/signals', '[data-testid="signals-page"]'],
      ['operator1', '#/workflows', '.page'],
      ['operator1', '#/reports', '.page'],
      ['review1', '#/inbox', '.page'],
      ['lead1', '#/board', '[data-testid="board"]'],
      ['admin', '#/users', '[data-testid="user-row"]'],
    ];
    const panels = {
      [`#/incidents/${incident.id}`]: async (page) => {
        await page.getByTestId('action-button').first().click();
        await page.getByTestId('action-form').waitFor({ timeout: 15000 });
        await page.getByTestId('action-submit').click();
        await page.getByTestId('request-handoff-submit').click();
        await page.locator('.field-error').first().waitFor({ timeout: 15000 });
      },
      '#/users': async (page) => {
        await page.getByTestId('create-user-submit').click();
        await page.getByTestId('field-error-roles').first().waitFor({ timeout: 15000 });
        await page.getByTestId('user-edit').first().click();
        await page.getByTestId('edit-user-form').waitFor({ timeout: 15000 });
      },
    };
    for (const lang of ['en', 'zh-CN']) {
      for (const [user, hash, ready] of screens) {
        const page = await signedIn(browser, user, hash);
        if (lang === 'zh-CN') {
          await page.getByTestId('language-switch').selectOption('zh-CN');
        }
        await settle(page, ready);
        await audit(page, `${user} ${hash} (${lang})`);
        const open = panels[hash];
        if (open) {
          // Forms opened and sent empty: the panels and their field errors pass the same rules.
          await open(page);
          await audit(page, `${user} ${hash} with its forms open and showing errors (${lang})`);
        }
        if (hash === '#/board' && lang === 'en') {
          // The audit can fail: an unlabelled field and low-contrast text added to the page are reported.
          await page.evaluate(() => {
            const probe = document.createElement('div');
            probe.innerHTML = '<input type="text"><p style="color:#bbb;background:#fff">faint text</p>';
            document.querySelector('main, #root')?.appendChild(probe);
          });
          const { found } = await violations(page);
          assert.deepEqual(found.map((v) => v.id).sort(), ['color-contrast', 'label']);
        }
        await page.context().close();
      }
    }

    // The sign-in screen, then the keyboard alone: Tab to the fields, type, Enter; Tab to a link, Enter.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.locator('#signin-username').waitFor();
    await audit(page, 'sign-in');
    await page.keyboard.press('Tab');
    let guard = 0;
    while ((await page.evaluate(() => document.activeElement?.id)) !== 'signin-username' && guard++ < 10) await page.keyboard.press('Tab');
    await page.keyboard.type('operator1');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'signin-password');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.getByTestId('current-user').waitFor({ timeout: 15000 });
    await connected(page);
    await page.evaluate(() => { window.location.hash = '#/incidents'; });
    const link = page.locator(`a[href="#/incidents/${incident.id}"]`).first();
    await link.waitFor({ timeout: 20000 });
    for (guard = 0; guard < 200 && !(await link.evaluate((a) => a === document.activeElement)); guard++) await page.keyboard.press('Tab');
    assert.ok(await link.evaluate((a) => a === document.activeElement), 'the incident link is reachable with Tab');
    const outline = await link.evaluate((a) => getComputedStyle(a).outlineStyle + ' ' + getComputedStyle(a).outlineWidth);
    assert.notEqual(outline.split(' ')[0], 'none', `a focused link shows a focus outline (${outline})`);
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="incident-detail"][data-incident-id="${incident.id}"]`).waitFor({ timeout: 15000 });
    await context.close();
  } finally {
    await browser.close();
  }
});
