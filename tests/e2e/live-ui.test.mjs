// Issue 4 item 4: three people in three browsers; the partner inbox and the leadership board update
// live (no reload) while the operator opens an incident and hands it off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connected, launch, shots, signedIn } from './browser.mjs';

test('the inbox and the board update live while the operator opens, hands off and escalates an incident', async () => {
  const browser = await launch();
  try {
    const review = await signedIn(browser, 'review1', '#/inbox');
    await review.getByTestId('inbox-list').or(review.locator('.page')).first().waitFor();
    const lead = await signedIn(browser, 'lead1', '#/board');
    await lead.getByTestId('board').waitFor();
    const operator = await signedIn(browser, 'operator1', '#/incidents/new');

    const form = operator.getByTestId('create-incident-form');
    await form.locator('[name="title"]').fill('Live rooms fraud wave (e2e)');
    await form.locator('[name="summary"]').fill('Opened by the browser test.');
    await form.locator('[name="businessLine"]').selectOption('tiktok-live');
    await form.locator('[name="category"]').selectOption('fraud-scam');
    await form.locator('[name="severity"]').selectOption('S2');
    await form.locator('[name="source"]').selectOption('operator');
    await operator.getByTestId('create-incident-submit').click();
    const detail = operator.getByTestId('incident-detail');
    await detail.waitFor({ timeout: 15000 });
    const incidentId = await detail.getAttribute('data-incident-id');
    assert.ok(incidentId);

    // The board learns of the new incident from the hub: no reload on lead1's page.
    const card = lead.locator(`[data-testid="board-card"][data-incident-id="${incidentId}"]`);
    await card.waitFor({ timeout: 15000 });

    const handoff = operator.getByTestId('request-handoff-form');
    await handoff.locator('[name="toDepartment"]').selectOption('review-ops');
    await handoff.locator('[name="note"]').fill('Please take down matching rooms.');
    await operator.getByTestId('request-handoff-submit').click();
    await operator.locator('[data-testid="handoff-item"][data-status="pending"]').waitFor({ timeout: 15000 });

    const inboxItem = review.locator(`[data-testid="inbox-item"][data-incident-id="${incidentId}"]`);
    await inboxItem.waitFor({ timeout: 15000 });
    await lead.locator(`[data-testid="board-card"][data-incident-id="${incidentId}"] [data-testid="pending-handoffs"]`)
      .waitFor({ timeout: 15000 });

    // The operator drives the workflow from its action buttons; the leader's board moves the card
    // from column to column and the partner's inbox receives the workflow's handoffs, all live.
    const boardCard = (stage) =>
      lead.getByTestId(`board-column-${stage}`).locator(`[data-testid="board-card"][data-incident-id="${incidentId}"]`);
    async function act(action, fill) {
      await operator.locator(`[data-testid="action-button"][data-action="${action}"]`).click();
      const actionForm = operator.getByTestId('action-form');
      await actionForm.waitFor({ timeout: 15000 });
      await fill(actionForm);
      await operator.getByTestId('action-submit').click();
    }

    await act('triage', async (f) => {
      await f.locator('input[name="schema-outcome"][value="Confirmed"]').check();
      await f.locator('input[name="schema-severity"][value="S2"]').check();
    });
    await boardCard('assessment').waitFor({ timeout: 15000 });

    await act('assess', async (f) => {
      await f.locator('[name="affectedContent"]').fill('5000');
      await f.locator('[name="exposure"]').fill('800000');
      await f.locator('[name="spreadPerHour"]').fill('300');
      await f.locator('input[name="schema-severity"][value="S2"]').check();
    });
    // S2: the workflow escalates — escalation stage, leadership notified, handoffs with accept SLAs.
    await boardCard('escalation').waitFor({ timeout: 15000 });
    await operator.getByTestId('timeline')
      .locator('[data-testid="timeline-item"][data-type="notification.sent"]').first().waitFor({ timeout: 15000 });
    await review.locator(`[data-testid="inbox-item"][data-incident-id="${incidentId}"]`).nth(1).waitFor({ timeout: 15000 });

    for (const page of [operator, review, lead]) await connected(page);
    await operator.screenshot({ path: `${shots}/live-operator.png`, fullPage: true });
    await review.screenshot({ path: `${shots}/live-review1-inbox.png`, fullPage: true });
    await lead.screenshot({ path: `${shots}/live-lead1-board.png`, fullPage: true });
  } finally {
    await browser.close();
  }
});
