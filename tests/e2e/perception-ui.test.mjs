// Issue 5 "done when": a newcomer feeds a CSV of report volumes and watches an anomaly open an
// incident live on the board, attaches samples and sees clusters with their characteristics, runs the
// assessment, and publishes a flash report that the chosen department receives live — all from the UI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connected, launch, shots, signedIn } from './browser.mjs';

const WAIT = { timeout: 20000 };
const POINTS = 460;
const SPIKE_AT = 400;

/**
 * One point a minute ending now (so the series page's default "last 7 days" shows it): 100 ± 3
 * of Gaussian noise, and +400 for three minutes at SPIKE_AT — past the detector's warm-up and the
 * service's settling period (DetectorOptions.WarmupPoints 200 + SignalOptions.SettlingPoints 100).
 */
function reportVolumesCsv() {
  // mulberry32: a seeded generator, so every run sends the same values (Math.random would not).
  let seed = 20261122;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const end = Math.floor(Date.now() / 60000) * 60000 - 60000;
  const rows = ['timestamp,value'];
  for (let i = 0; i < POINTS; i++) {
    const noise = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()) * 3;
    const spike = i >= SPIKE_AT && i < SPIKE_AT + 3 ? 400 : 0;
    const at = new Date(end - (POINTS - 1 - i) * 60000).toISOString().slice(0, 19).replace('T', ' ');
    rows.push(`${at},${(100 + noise + spike).toFixed(3)}`);
  }
  return `${rows.join('\n')}\n`;
}

/** Three kinds of content behind the spike, ten samples each, in English and Chinese. */
function samplesCsv() {
  const fraud = ['crypto', 'stock', 'gold', 'forex', 'fund'].flatMap((asset, i) => [
    `Host promises guaranteed ${10 + i}x returns on a ${asset} investment group and asks viewers to transfer money in private chat`,
    `Live room pushes a ${asset} investment scheme with guaranteed returns; viewers told to transfer deposits to a private account`,
  ]);
  const minors = ['十四', '十五', '十三', '十二', '十六'].flatMap((age) => [
    `未成年主播自称${age}岁，深夜直播跳舞并索要礼物打赏`,
    `疑似${age}岁未成年人穿校服深夜直播，引导观众刷礼物`,
  ]);
  const counterfeit = ['bags', 'sneakers', 'watches', 'perfume', 'sunglasses'].flatMap((item) => [
    `Comment spam: counterfeit designer ${item} at 90% discount with a coupon link posted over and over`,
    `Fake brand ${item} sold cheap in the live room; coupon link repeated in every comment`,
  ]);
  const rows = [...fraud.map((t, i) => [`fraud-${i + 1}`, t]), ...minors.map((t, i) => [`minor-${i + 1}`, t]),
    ...counterfeit.map((t, i) => [`fake-${i + 1}`, t])];
  return ['externalId,text', ...rows.map(([id, text]) => `${id},"${text.replaceAll('"', '""')}"`)].join('\n');
}

test('a CSV of report volumes opens a monitoring incident live; samples, clusters, assessment and a flash report reach the partner live', async () => {
  const browser = await launch();
  try {
    // 1. The leader watches the board, the partner (review-ops) sits on the inbox.
    const review = await signedIn(browser, 'review1', '#/inbox');
    await review.locator('.inbox-page').waitFor(WAIT);
    const lead = await signedIn(browser, 'lead1', '#/board');
    await lead.getByTestId('board').waitFor(WAIT);
    const operator = await signedIn(browser, 'operator1', '#/signals');
    await operator.getByTestId('signals-page').waitFor(WAIT);

    // 2. The operator uploads the CSV; the anomaly opens a monitoring incident.
    const metric = `report-volume-${Date.now().toString(36)}`;
    const upload = operator.getByTestId('signal-upload-form');
    await upload.locator('[name="businessLine"]').selectOption('douyin');
    await upload.locator('[name="category"]').selectOption('fraud-scam');
    await upload.locator('[name="metric"]').fill(metric);
    await operator.getByTestId('signal-upload-file').setInputFiles({
      name: 'report-volumes.csv', mimeType: 'text/csv', buffer: Buffer.from(reportVolumesCsv()),
    });
    await operator.locator(`[data-testid="signal-upload-preview"][data-count="${POINTS}"]`).waitFor(WAIT);
    await operator.getByTestId('signal-upload-submit').click();
    const result = operator.getByTestId('signal-upload-result');
    await result.waitFor(WAIT);
    assert.equal(await result.getAttribute('data-accepted'), String(POINTS));
    assert.equal(await result.getAttribute('data-anomalies'), '1', 'one spike past the settling period, one anomaly');
    const opened = operator.locator('[data-testid="signal-upload-anomaly"][data-outcome="opened"]');
    const incidentId = await opened.getAttribute('data-incident-id');
    assert.ok(incidentId);

    const anomalyRow = operator.locator(`[data-testid="anomaly-row"][data-incident-id="${incidentId}"]`);
    await anomalyRow.waitFor(WAIT);
    assert.equal(await anomalyRow.getAttribute('data-outcome'), 'opened');
    assert.match(await anomalyRow.innerText(), new RegExp(`douyin / fraud-scam / ${metric}`));
    const incidentKey = (await anomalyRow.getByTestId('anomaly-incident').innerText()).trim();
    assert.match(incidentKey, /^INC-\d{4}-\d{6}$/);
    await operator.screenshot({ path: `${shots}/perception-signals.png`, fullPage: true });

    // 3. lead1's board shows the new incident's card without a reload.
    const card = lead.locator(`[data-testid="board-card"][data-incident-id="${incidentId}"]`);
    await card.waitFor(WAIT);
    assert.match(await card.innerText(), new RegExp(`Anomaly: ${metric} of fraud-scam on douyin`));
    await lead.screenshot({ path: `${shots}/perception-board.png`, fullPage: true });

    // The series chart marks the spike, and its anomaly links to the incident, whose source is monitoring.
    await anomalyRow.getByRole('link', { name: new RegExp(metric) }).click();
    const chart = operator.getByTestId('series-chart');
    await chart.waitFor(WAIT);
    const chartLabel = await chart.getAttribute('aria-label');
    const marked = Number(/; (\d+) at or above the threshold/.exec(chartLabel ?? '')?.[1] ?? 0);
    assert.match(chartLabel, new RegExp(`of ${POINTS} points`));
    assert.ok(marked >= 1, `the spike is marked on the chart: ${chartLabel}`);
    await operator.locator('[data-testid="series-page"] details summary').click();
    const flaggedValues = await operator.getByTestId('series-flagged').locator('tbody tr td:nth-child(2)').allInnerTexts();
    assert.equal(flaggedValues.length, marked);
    assert.ok(flaggedValues.some((v) => Number(v.replaceAll(',', '')) > 400), `the spike is among the flagged points: ${flaggedValues}`);
    await operator.screenshot({ path: `${shots}/perception-series.png`, fullPage: true });
    await operator.locator(`[data-testid="anomaly-row"][data-incident-id="${incidentId}"] [data-testid="anomaly-incident"]`).click();
    const detail = operator.locator(`[data-testid="incident-detail"][data-incident-id="${incidentId}"]`);
    await detail.waitFor(WAIT);
    assert.equal(await detail.getAttribute('data-source'), 'monitoring');
    assert.equal(await operator.getByTestId('incident-source').innerText(), 'Monitoring');
    await operator.locator('[data-testid="timeline-item"][data-type="anomaly.detected"]').waitFor(WAIT);

    // 4. Samples (pasted CSV, previewed), clustering: every sample in exactly one cluster.
    await operator.getByTestId('samples-paste').fill(samplesCsv());
    await operator.locator('[data-testid="samples-paste-preview"][data-count="30"]').waitFor(WAIT);
    await operator.getByTestId('samples-paste-submit').click();
    await operator.locator('[data-testid="samples-section"][data-total="30"]').waitFor(WAIT);
    await operator.locator('[data-testid="timeline-item"][data-type="samples.attached"]').waitFor(WAIT);

    await operator.getByTestId('clusters-run').click();
    const meta = operator.locator('[data-testid="clusters-meta"][data-sample-count="30"]');
    await meta.waitFor(WAIT);
    const k = Number(await meta.getAttribute('data-k'));
    assert.ok(k >= 2, `three kinds of content make more than one cluster (K = ${k})`);
    const clusterCards = operator.getByTestId('cluster-card');
    assert.equal(await clusterCards.count(), k);
    let assigned = 0;
    for (const clusterCard of await clusterCards.all()) {
      const size = Number(await clusterCard.getAttribute('data-size'));
      assert.ok(size >= 1);
      assert.match(await clusterCard.innerText(), new RegExp(`${size} samples · `));
      assert.ok(await clusterCard.getByTestId('cluster-term').count() >= 1, 'each cluster names its top terms');
      assert.ok((await clusterCard.getByTestId('cluster-summary').innerText()).trim().length > 0, 'each cluster has its one-line summary');
      // Representative samples come with their texts from the clusters API.
      await clusterCard.locator('details summary').click();
      const representatives = await clusterCard.getByTestId('cluster-representative').allInnerTexts();
      assert.ok(representatives.length >= 1);
      for (const text of representatives) assert.match(text, /Host|Live room|未成年|疑似|Comment spam|Fake brand/, `a representative shows its sample's text: ${text}`);
      assigned += size;
    }
    assert.equal(assigned, 30, 'every sample is assigned to a cluster');
    await operator.getByTestId('clusters-section').screenshot({ path: `${shots}/perception-clusters.png` });

    // 5. Assessment: score, suggested severity, one explanation per factor; a reasoned override to S1.
    await operator.getByTestId('assessment-affectedContent').fill('5000');
    await operator.getByTestId('assessment-exposure').fill('800000');
    await operator.getByTestId('assessment-spreadPerHour').fill('300');
    await operator.getByTestId('assessment-overrideSeverity').selectOption('S1');
    const reason = 'Coordinated fraud wave across live rooms (e2e)';
    await operator.getByTestId('assessment-overrideReason').fill(reason);
    await operator.getByTestId('assessment-submit').click();
    const score = operator.getByTestId('assessment-score');
    await score.waitFor(WAIT);
    const riskScore = Number(await score.getAttribute('data-score'));
    assert.ok(riskScore > 0 && riskScore <= 100, `risk score ${riskScore}`);
    assert.match(await score.getAttribute('data-suggested'), /^S[1-4]$/);
    const factors = operator.getByTestId('assessment-factor');
    assert.ok(await factors.count() >= 3, 'the explanation lists the factors');
    for (const factor of await factors.all()) assert.ok((await factor.locator('td').last().innerText()).trim().length > 0);
    const override = operator.locator('[data-testid="timeline-item"][data-type="incident.severity-overridden"]');
    await override.waitFor(WAIT);
    assert.match(await override.innerText(), new RegExp(`→ S1 .*${reason.replace(/[()]/g, '\\$&')}`));
    await operator.locator(`[data-testid="incident-detail"][data-severity="S1"]`).waitFor(WAIT);
    await lead.locator(`[data-testid="board-card"][data-incident-id="${incidentId}"][data-severity="S1"]`).waitFor(WAIT);
    await operator.getByTestId('assessment-section').screenshot({ path: `${shots}/perception-assessment.png` });

    // 6. Flash report: the operator drafts and edits, lead1 approves, the operator publishes to review-ops.
    await operator.getByTestId('report-kind').selectOption('flash');
    await operator.getByTestId('report-create-submit').click();
    const reportPage = operator.getByTestId('report-page');
    await operator.locator('[data-testid="report-page"][data-status="draft"]').waitFor(WAIT);
    const reportId = await reportPage.getAttribute('data-report-id');
    const draftVersion = Number(await reportPage.getAttribute('data-version'));
    const title = 'Flash: fraud report volumes spike on Douyin live rooms';
    const note = 'Review ops: take down the live rooms of the investment-scam cluster today.';
    await operator.getByTestId('report-title').fill(title);
    const markdown = operator.getByTestId('report-markdown');
    await markdown.fill(`${await markdown.inputValue()}\n\n## Operator note\n\n${note}\n`);
    await operator.getByTestId('report-save').click();
    await operator.locator(`[data-testid="report-page"][data-version="${draftVersion + 1}"]`).waitFor(WAIT);
    assert.match(await operator.getByTestId('report-preview').innerText(), new RegExp(note));
    await operator.screenshot({ path: `${shots}/perception-report-draft.png`, fullPage: true });

    await lead.locator(`[data-testid="board-card"][data-incident-id="${incidentId}"] a.incident-key`).click();
    await lead.locator(`[data-testid="reports-section"] [data-testid="report-row"][data-report-id="${reportId}"] a`).click();
    await lead.locator(`[data-testid="report-page"][data-report-id="${reportId}"]`).waitFor(WAIT);
    assert.equal(await lead.locator('[data-testid="report-page"] > .page-head h1').innerText(), title);
    await lead.getByTestId('report-approve').click();
    await lead.locator('[data-testid="report-page"][data-status="approved"]').waitFor(WAIT);

    // The operator's open report page learns of the approval live and offers publishing.
    await operator.locator('[data-testid="report-page"][data-status="approved"]').waitFor(WAIT);
    await operator.getByTestId('report-audience-review-ops').check();
    for (const page of [operator, review, lead]) await connected(page);
    await operator.getByTestId('report-publish').click();
    await operator.locator('[data-testid="report-page"][data-status="published"]').waitFor(WAIT);

    // review1, still on the inbox, is told without a reload, and the incident is now theirs to see.
    const toast = review.locator('[data-testid="toast"]', { hasText: title });
    await toast.waitFor(WAIT);
    assert.match(await toast.innerText(), new RegExp(`${incidentKey}.*Review ops`));
    await review.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`).waitFor(WAIT);
    await review.screenshot({ path: `${shots}/perception-partner-inbox.png`, fullPage: true });
    await toast.getByTestId('toast-link').click();
    await review.locator(`[data-testid="report-page"][data-report-id="${reportId}"][data-status="published"]`).waitFor(WAIT);
    assert.match(await review.getByTestId('report-preview').innerText(), new RegExp(note));
    await review.screenshot({ path: `${shots}/perception-partner-report.png`, fullPage: true });
  } finally {
    await browser.close();
  }
});
