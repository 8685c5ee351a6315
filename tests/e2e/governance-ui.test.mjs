// Issue 9 "done when": from an incident about guild fake traffic, an operator drafts a rule with a penalty
// ladder and targets, a leader approves it, runs it in shadow and launches it; enforcement records get their
// ladder steps, an appeal is overturned (one strike fewer), an education notice goes out, QA audits give
// precision and coverage with their intervals, and the incident's workflow leaves the governance stage by
// itself once the rule meets its targets — all in the UI, in headless Chromium. The seeded worked example
// (GovernanceWebUiServer: --Incident:DemoGovernance=true) shows the violation-rate change and the
// difference-in-differences estimate, each with its interval, and meets its targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connected, launch, shots, signedIn } from './browser.mjs';

const WAIT = { timeout: 20000 };
const run = Date.now().toString(36);

/** Records per guild: the ladder (1 warning, 2 traffic limit 7 d, 3 revenue freeze 30 d, 4+ termination) gives each its step. */
const GUILDS = [8, 7, 6, 4, 3, 2].map((count, i) => ({ id: `guild-${run}-${i + 1}`, count }));
const RECORDS = GUILDS.reduce((sum, g) => sum + g.count, 0);
const STEP_OF = (strike) => (strike === 1 ? 'Warning' : strike === 2 ? 'Traffic limit for 7 days' : strike === 3 ? 'Revenue freeze for 30 days' : 'Termination');

/** One record per strike, spread over the last few hours (all inside the 90-day strike window, none in the future). */
function enforcementCsv(ruleKey) {
  const now = Date.now();
  const rows = ['externalId,ruleId,subjectType,subjectId,occurredAt,automatedDetection,automatedDecision,facts'];
  let minute = RECORDS * 5;
  for (const g of GUILDS) {
    for (let strike = 1; strike <= g.count; strike++) {
      const at = new Date(now - minute-- * 60000 - 60000).toISOString();
      rows.push(`${g.id}-r${strike},${ruleKey},guild,${g.id},${at},true,partially,"Bot viewers pushed the guild's hosts up the hourly ranking"`);
    }
  }
  return `${rows.join('\n')}\n`;
}

const Z = 1.959964;
/** Wilson 95 % interval (ADR-0014), to check the figures the page shows. */
function wilson(k, n) {
  const p = k / n;
  const den = 1 + (Z * Z) / n;
  const centre = (p + (Z * Z) / (2 * n)) / den;
  const half = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / den;
  return [centre - half, centre + half];
}
const pct = (x) => `${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(x * 100)}%`;
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a rule drafted from a guild fake-traffic incident goes live, is enforced, appealed, taught and audited, and the incident reaches closure by itself', async () => {
  const browser = await launch();
  try {
    const operator = await signedIn(browser, 'operator1', '#/incidents/new');
    const lead = await signedIn(browser, 'lead1', '#/board');
    await lead.getByTestId('board').waitFor(WAIT);

    // 1. The incident: S3 skips escalation, so triage and assess bring it to the governance stage.
    const form = operator.getByTestId('create-incident-form');
    const title = `Guild fake traffic on the Douyin live ranking (${run})`;
    await form.locator('[name="title"]').fill(title);
    await form.locator('[name="summary"]').fill('Guilds buy bot viewers and looped gifts to push their hosts up the hourly live ranking.');
    await form.locator('[name="businessLine"]').selectOption('douyin');
    await form.locator('[name="category"]').selectOption('guild-violation');
    await form.locator('[name="severity"]').selectOption('S3');
    await form.locator('[name="source"]').selectOption('operator');
    await operator.getByTestId('create-incident-submit').click();
    const detail = operator.getByTestId('incident-detail');
    await detail.waitFor(WAIT);
    const incidentId = await detail.getAttribute('data-incident-id');
    assert.ok(incidentId);
    const incidentKey = (await operator.locator('[data-testid="incident-detail"] h1 .incident-key').innerText()).trim();

    async function act(action, fill) {
      await operator.locator(`[data-testid="action-button"][data-action="${action}"]`).click();
      const actionForm = operator.locator(`[data-testid="action-form"][data-action="${action}"]`);
      await actionForm.waitFor(WAIT);
      await fill(actionForm);
      await actionForm.getByTestId('action-submit').click();
    }
    await act('triage', async (f) => {
      await f.locator('input[name="schema-outcome"][value="Confirmed"]').check();
      await f.locator('input[name="schema-severity"][value="S3"]').check();
    });
    await operator.locator('[data-testid="incident-stage"][data-stage="assessment"]').waitFor(WAIT);
    await act('assess', async (f) => {
      await f.locator('[name="affectedContent"]').fill('1200');
      await f.locator('[name="exposure"]').fill('250000');
      await f.locator('[name="spreadPerHour"]').fill('12');
      await f.locator('input[name="schema-severity"][value="S3"]').check();
    });
    await operator.locator('[data-testid="incident-stage"][data-stage="governance"]').waitFor(WAIT);
    const section = operator.getByTestId('governance-section');
    await section.locator('[data-testid="governance-gate"][data-waiting="true"]').waitFor(WAIT);
    assert.equal(await section.getByTestId('governance-verdict').getAttribute('data-verdict'), 'none');

    // 2. The rule, drafted from the incident's governance section: prefilled business line, category, link.
    await section.getByTestId('governance-draft-rule').click();
    await operator.getByTestId('rule-form').waitFor(WAIT);
    assert.match(await operator.getByTestId('rule-from-incident').innerText(), new RegExp(escape(incidentKey)));
    assert.equal(await operator.getByTestId('rule-businessLine').inputValue(), 'douyin');
    assert.equal(await operator.getByTestId('rule-category').inputValue(), 'guild-violation');
    await operator.locator(`[data-testid="rule-incident"][data-incident-id="${incidentId}"]`).waitFor(WAIT);
    const ruleName = `Guild fake traffic (${run})`;
    await operator.getByTestId('rule-name').fill(ruleName);
    await operator.getByTestId('rule-subjectType').selectOption('guild');
    await operator.getByTestId('rule-detection').selectOption('model');
    await operator.getByTestId('rule-characteristics').fill(
      '**Risk characteristics**: guilds that buy bot viewers or loop gifts to climb the live ranking:\n' +
        '- viewer counts that jump without matching chat;\n- the same devices gifting across rooms of one guild.',
    );
    await operator.getByTestId('implementingDepartments-live-guild-ops').check();
    await operator.getByTestId('implementingDepartments-review-ops').check();
    const ladder = [['1', 'warning', ''], ['2', 'traffic-limit', '7'], ['3', 'revenue-freeze', '30'], ['4', 'termination', '']];
    for (let i = 1; i < ladder.length; i++) await operator.getByTestId('ladder-add').click();
    const rows = operator.getByTestId('ladder-row');
    assert.equal(await rows.count(), ladder.length);
    for (const [i, [strike, action, days]] of ladder.entries()) {
      const row = rows.nth(i);
      await row.getByTestId('ladder-strike').fill(strike);
      await row.getByTestId('ladder-action').selectOption(action);
      await row.getByTestId('ladder-days').fill(days);
    }
    // No violation-rate target: on the real clock a launch cannot have the 7 days of "after" data it needs.
    await operator.getByTestId('rule-minPrecision').fill('90');
    await operator.getByTestId('rule-minCoverage').fill('60');
    await operator.screenshot({ path: `${shots}/governance-rule-form.png`, fullPage: true });
    await operator.getByTestId('rule-submit').click();

    const ruleDetail = operator.locator('[data-testid="rule-detail"][data-status="draft"]');
    await ruleDetail.waitFor(WAIT);
    const ruleId = await ruleDetail.getAttribute('data-rule-id');
    const ruleKey = (await operator.locator('[data-testid="rule-detail"] h1 .incident-key').innerText()).trim();
    assert.match(ruleKey, /^GOV-\d{4}-\d{6}$/);
    const steps = await operator.getByTestId('rule-ladder').getByTestId('ladder-step').allInnerTexts();
    assert.equal(steps.length, 4, `the ladder has its four steps: ${steps}`);
    await operator.getByTestId('rule-transition-submit').click();
    await operator.locator('[data-testid="rule-detail"][data-status="in-review"]').waitFor(WAIT);

    // 3. lead1 finds the rule from the board card's incident, approves it, runs it in shadow, launches it.
    await lead.locator(`[data-testid="board-card"][data-incident-id="${incidentId}"] a.incident-key`).click();
    await lead.locator(`[data-testid="governance-rule"][data-rule-id="${ruleId}"] a.incident-key`).click();
    await lead.locator(`[data-testid="rule-detail"][data-rule-id="${ruleId}"][data-status="in-review"]`).waitFor(WAIT);
    for (const [transition, status] of [['approve', 'approved'], ['shadow', 'shadow'], ['launch', 'live']]) {
      await lead.getByTestId(`rule-transition-${transition}`).click();
      await lead.locator(`[data-testid="rule-detail"][data-status="${status}"]`).waitFor(WAIT);
    }
    assert.match(await lead.getByTestId('rule-live').innerText(), /version 1/i);
    await lead.screenshot({ path: `${shots}/governance-rule-live.png`, fullPage: true });

    // 4. The operator's open rule page learns of the launch live; a CSV of enforcement records gets their steps.
    await operator.locator(`[data-testid="rule-detail"][data-rule-id="${ruleId}"][data-status="live"]`).waitFor(WAIT);
    await connected(operator);
    await operator.getByTestId('enforcement-file').setInputFiles({
      name: 'guild-enforcement.csv', mimeType: 'text/csv', buffer: Buffer.from(enforcementCsv(ruleKey)),
    });
    await operator.locator(`[data-testid="enforcement-preview"][data-count="${RECORDS}"][data-problems="0"]`).waitFor(WAIT);
    await operator.getByTestId('enforcement-submit').click();
    const summary = operator.locator(`[data-testid="enforcement-summary"][data-accepted="${RECORDS}"]`);
    await summary.waitFor(WAIT);
    const due = { Warning: 0, 'Traffic limit': 0, 'Revenue freeze': 0, Termination: 0 };
    for (const g of GUILDS) for (let s = 1; s <= g.count; s++) due[STEP_OF(s).replace(/ for \d+ days$/, '')]++;
    const stepsText = await summary.getByTestId('enforcement-steps').innerText();
    for (const [action, count] of Object.entries(due)) assert.match(stepsText, new RegExp(`${action} ${count}\\b`), `${action} ${count} in "${stepsText}"`);
    const list = operator.getByTestId('enforcement-records-list');
    await list.locator('summary').click();
    assert.equal(await list.getByTestId('enforcement-record').count(), RECORDS);
    for (const g of GUILDS) {
      for (let strike = 1; strike <= g.count; strike++) {
        const row = list.locator(`[data-testid="enforcement-record"][data-external-id="${g.id}-r${strike}"]`);
        assert.equal(await row.getAttribute('data-strike'), String(strike));
        assert.match(await row.innerText(), new RegExp(`Guild ${escape(g.id)}\\s+${strike}\\s+${STEP_OF(strike)}`));
      }
    }
    await operator.getByTestId('enforcement-upload').screenshot({ path: `${shots}/governance-enforcement.png` });

    // 5. The subject's standing before the appeal (subject lookup), then an appeal on its first record.
    const appealed = GUILDS[0];
    const appealedRecord = `${appealed.id}-r1`;
    await operator.getByTestId('governance-nav-subjects').click();
    await operator.getByTestId('subject-lookup-type').selectOption('guild');
    await operator.getByTestId('subject-lookup-id').fill(appealed.id);
    await operator.getByTestId('subject-lookup-submit').click();
    await operator.locator(`[data-testid="subject-page"][data-subject-id="${appealed.id}"] [data-testid="subject-active-strikes"]`).waitFor(WAIT);
    assert.equal(await operator.getByTestId('subject-active-strikes').innerText(), String(appealed.count));
    assert.match(await operator.getByTestId('subject-rule').innerText(), new RegExp(`Strike ${appealed.count + 1}: Termination`));
    assert.equal(await operator.locator(`[data-testid="subject-record"][data-external-id="${appealedRecord}"]`).getAttribute('data-reversed'), 'false');

    await operator.getByTestId('governance-nav-appeals').click();
    await operator.getByTestId('file-appeal-record').fill(appealedRecord);
    const statement = `The viewers were bought by a rival guild to get us penalised (${run}).`;
    await operator.getByTestId('file-appeal-statement').fill(statement);
    await operator.getByTestId('file-appeal-submit').click();
    const filed = operator.locator('[data-testid="appeal-item"][data-status="pending"]', { hasText: appealedRecord });
    await filed.waitFor(WAIT);
    const appealId = await filed.getAttribute('data-appeal-id');

    // 6. review1 (review ops) decides it: overturned. The record is reversed and counts no more.
    const review = await signedIn(browser, 'review1', '#/governance/appeals');
    const item = review.locator(`[data-testid="appeal-item"][data-appeal-id="${appealId}"]`);
    await item.waitFor(WAIT);
    assert.match(await item.getByTestId('appeal-statement').innerText(), new RegExp(escape(statement)));
    await item.getByTestId('appeal-decide').click();
    await item.getByTestId('decide-overturned').check();
    await item.getByTestId('decide-reason').fill('Device and payment evidence points to the rival guild; the penalty is revoked.');
    await item.getByTestId('decide-language').selectOption('en');
    await item.getByTestId('decide-submit').click();
    const result = review.locator('[data-testid="decision-result"][data-outcome="overturned"]');
    await result.waitFor(WAIT);
    assert.match(await result.innerText(), new RegExp(`record ${escape(appealedRecord)} is reversed`));
    await review.screenshot({ path: `${shots}/governance-appeal-decided.png`, fullPage: true });
    await result.getByRole('link', { name: `Guild ${appealed.id}` }).click();
    const reversed = review.locator(`[data-testid="subject-record"][data-external-id="${appealedRecord}"][data-reversed="true"]`);
    await reversed.waitFor(WAIT);
    assert.equal(await review.getByTestId('subject-active-strikes').innerText(), String(appealed.count - 1), 'one strike fewer');
    assert.match(await review.getByTestId('subject-rule').innerText(), new RegExp(`Strike ${appealed.count}: Termination`));
    assert.match(await reversed.innerText(), /Reversed/);
    assert.equal(await review.locator('[data-testid="subject-appeal"][data-status="overturned"]').count(), 1);
    await review.screenshot({ path: `${shots}/governance-subject.png`, fullPage: true });

    // 7. An education notice to every guild with a strike under the rule.
    await operator.goto(`${operator.url().split('#')[0]}#/governance/rules/${ruleId}`);
    await operator.locator(`[data-testid="rule-detail"][data-rule-id="${ruleId}"]`).waitFor(WAIT);
    await connected(operator);
    const notices = operator.getByTestId('notices-section');
    await notices.getByTestId('notices-template').selectOption('education');
    await notices.getByTestId('notices-language').selectOption('zh-CN');
    await notices.getByTestId('notices-segment-rule-offenders').check();
    await notices.getByTestId('notices-min-strikes').fill('1');
    await notices.getByTestId('notices-submit').click();
    const campaign = notices.getByTestId('campaign').first();
    await campaign.waitFor(WAIT);
    assert.match(await campaign.innerText(), /Education/);
    assert.match(await campaign.getByTestId('campaign-counts').innerText(), new RegExp(`^${GUILDS.length} recipients`));

    // 8. QA audits: the records themselves for precision (the overturned one was no violation), a sample of
    // 300 of the 1,000 guilds the rule left alone for coverage (3 of them were violating).
    const audit = operator.getByTestId('audit-form');
    const precisionItems = GUILDS.flatMap((g) => Array.from({ length: g.count }, (_, s) => `${g.id}-r${s + 1}`))
      .map((ref) => `${ref},${ref === appealedRecord ? 'false' : 'true'}`);
    await audit.getByTestId('audit-kind-precision').check();
    await audit.getByTestId('audit-items').fill(`ref,violating\n${precisionItems.join('\n')}`);
    await audit.locator(`[data-testid="audit-preview"][data-count="${RECORDS}"][data-violating="${RECORDS - 1}"]`).waitFor(WAIT);
    await audit.getByTestId('audit-submit').click();
    await audit.locator('[data-testid="audit-result"]', { hasText: 'Precision of version 1' }).waitFor(WAIT);

    await audit.getByTestId('audit-kind-coverage').check();
    await audit.getByTestId('audit-population').fill('1000');
    const coverageItems = Array.from({ length: 300 }, (_, i) => `unenforced-${run}-${i + 1},${i % 100 === 7 ? 1 : 0}`);
    await audit.getByTestId('audit-items').fill(coverageItems.join('\n'));
    await audit.locator('[data-testid="audit-preview"][data-count="300"][data-violating="3"]').waitFor(WAIT);
    await audit.getByTestId('audit-submit').click();
    await audit.locator('[data-testid="audit-result"]', { hasText: 'Coverage audit of version 1' }).waitFor(WAIT);

    // The effectiveness panel: precision and coverage with their Wilson 95 % intervals, both targets met.
    const panel = operator.getByTestId('effectiveness-panel');
    const [pLo, pHi] = wilson(RECORDS - 1, RECORDS);
    const precisionText = `Precision ${pct((RECORDS - 1) / RECORDS)} (95% CI ${pct(pLo)} to ${pct(pHi)}): ${RECORDS - 1} of ${RECORDS} audited records were violations.`;
    await panel.locator('[data-figure="precision"]', { hasText: precisionText }).waitFor(WAIT);
    const enforced = RECORDS - 1;
    const missed = (1000 * 3) / 300;
    const [mLo, mHi] = wilson(3, 300);
    const coverageText = `Coverage ${pct(enforced / (enforced + missed))} (95% CI ${pct(enforced / (enforced + 1000 * mHi))} to ${pct(enforced / (enforced + 1000 * mLo))}): ` +
      `${enforced} enforced, about ${missed} violations missed in an unenforced population of 1,000 (sample of 300).`;
    await panel.locator('[data-figure="coverage"]', { hasText: coverageText }).waitFor(WAIT);
    for (const target of ['minPrecision', 'minCoverage']) await panel.locator(`[data-testid="effectiveness-check"][data-target="${target}"][data-status="met"]`).waitFor(WAIT);
    await panel.locator('[data-testid="effectiveness-verdict"][data-meets="true"]').waitFor(WAIT);
    await panel.screenshot({ path: `${shots}/governance-effectiveness.png` });

    // 9. Nobody clicks anything: the audit's commit re-evaluates the gate, and the workflow reaches closure.
    await operator.getByTestId('rule-incident-links').locator(`a[href="#/incidents/${incidentId}"]`).click();
    await operator.locator(`[data-testid="incident-detail"][data-incident-id="${incidentId}"]`).waitFor(WAIT);
    await operator.locator('[data-testid="incident-stage"][data-stage="closure"]').waitFor(WAIT);
    const closed = operator.getByTestId('governance-section');
    await closed.locator('[data-testid="governance-verdict"][data-verdict="meets"]').waitFor(WAIT);
    await closed.locator('[data-testid="governance-gate"][data-waiting="false"]').waitFor(WAIT);
    await operator.locator('[data-testid="action-button"][data-action="close-review"]').waitFor(WAIT);
    await operator.locator('[data-testid="timeline-item"][data-type="governance.effect-measured"]', { hasText: 'Meets its targets' }).first().waitFor(WAIT);
    await operator.screenshot({ path: `${shots}/governance-incident-closure.png`, fullPage: true });

    await lead.evaluate(() => { window.location.hash = '#/board'; });
    const card = lead.getByTestId('board-column-closure').locator(`[data-testid="board-card"][data-incident-id="${incidentId}"]`);
    await card.waitFor(WAIT);
    const indicator = card.getByTestId('governance-indicator');
    assert.equal(await indicator.getAttribute('data-verdict'), 'meets');
    assert.equal((await indicator.innerText()).trim(), 'Governance: meets targets');
    await lead.screenshot({ path: `${shots}/governance-board.png`, fullPage: true });

    // 10. The seeded worked example: its violation rate fell, against the control series too, and it meets its targets.
    await lead.evaluate(() => { window.location.hash = '#/governance'; });
    await lead.getByTestId('rules-search').fill('Guild fake-traffic rule');
    await lead.getByTestId('rules-apply').click();
    const demoRow = lead.locator('[data-testid="rule-row"][data-status="live"]', { hasText: 'Guild fake-traffic rule' });
    await demoRow.waitFor(WAIT);
    await demoRow.locator('a').first().click();
    const demoPanel = lead.locator('[data-testid="effectiveness-panel"][data-verdict="meets"]');
    await demoPanel.waitFor(WAIT);
    const interval = '\\(95% CI (−[\\d.]+)% to (−[\\d.]+)%\\)';
    const violation = await demoPanel.locator('[data-figure="violation"]').innerText();
    const change = new RegExp(`^Violation rate (−[\\d.]+)% ${interval} since launch on `).exec(violation);
    assert.ok(change, `the violation-rate change with its interval: ${violation}`);
    const [, estimate, lo, hi] = change.map((x) => Number(String(x).replace('−', '-')));
    assert.ok(lo <= estimate && estimate <= hi && hi < 0, `a significant fall: ${violation}`);
    const did = await demoPanel.locator('[data-figure="did"]').innerText();
    assert.match(did, new RegExp(`^Difference-in-differences against the control group: −[\\d.]+% ${interval}\\.$`));
    const verdict = demoPanel.getByTestId('effectiveness-verdict');
    assert.equal(await verdict.getAttribute('data-meets'), 'true');
    assert.match(await verdict.innerText(), /Meets its targets/);
    for (const check of await demoPanel.getByTestId('effectiveness-check').all()) assert.equal(await check.getAttribute('data-status'), 'met');
    await lead.screenshot({ path: `${shots}/governance-demo-rule.png`, fullPage: true });
  } finally {
    await browser.close();
  }
});
