import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { RuleFormPage } from '../../../src/features/governance/RuleFormPage';
import { jsonResponse, renderWithApp } from '../../render';
import { mockApi, resetApi, rule, series, signIn } from './fixtures';

const incident = { id: 'inc-1', key: 'INC-2026-000123', title: '直播诈骗', businessLine: 'tiktok-live', category: 'minor-safety', status: 'open' };

describe('RuleForm', () => {
  afterEach(() => {
    resetApi();
    window.location.hash = '';
  });

  it('drafts from an incident, checks the ladder as it is edited, shows server field errors in place and posts fractions', { timeout: 20_000 }, async () => {
    const user = userEvent.setup();
    signIn(['operator']);
    let posts = 0;
    const calls = mockApi(({ method, url }) => {
      if (url === '/api/incidents/inc-1') return jsonResponse(200, incident);
      if (url.startsWith('/api/signals/series')) return jsonResponse(200, { items: series, total: 2, page: 1, pageSize: 200 });
      if (method === 'POST' && url === '/api/governance/rules') {
        posts++;
        if (posts === 1)
          return jsonResponse(400, { title: 'One or more validation errors occurred.', status: 400, errors: { 'ladder[1].strike': ['Strikes must increase.'], 'Targets.MinPrecision': ['Too strict for a model.'], '': ['Check the rule.'] } });
        return jsonResponse(201, rule({ id: 'r-9', key: 'GOV-2026-000009' }));
      }
      return undefined;
    });
    renderWithApp(<RuleFormPage incidentId="inc-1" />);

    expect((await screen.findByTestId('rule-from-incident')).textContent).toContain('INC-2026-000123 直播诈骗');
    const form = screen.getByTestId('rule-form');
    expect((screen.getByTestId('rule-businessLine') as HTMLSelectElement).value).toBe('tiktok-live');
    expect((screen.getByTestId('rule-category') as HTMLSelectElement).value).toBe('minor-safety');
    expect(screen.getByTestId('rule-incident').getAttribute('data-incident-id')).toBe('inc-1');
    expect((screen.getByTestId('rule-strikeWindowDays') as HTMLInputElement).value).toBe('90');
    // series by what they measure, not by id
    const seriesSelect = screen.getByTestId('rule-signalSeriesId');
    await waitFor(() =>
      expect(within(seriesSelect).getAllByRole('option').map((o) => o.textContent)).toEqual(['None', 'Douyin · Fraud / scam · Violation rate', 'TikTok Live · Minor safety · Violation rate']),
    );
    expect(form.textContent).not.toContain('s-1');

    await user.type(within(form).getByLabelText(/^Name/), '直播间诱导未成年人打赏');
    await user.type(within(form).getByLabelText(/^Risk characteristics/), '主播诱导**未成年人**打赏');

    // ladder: one step to start, then add two
    expect(screen.getAllByTestId('ladder-row')).toHaveLength(1);
    await user.click(screen.getByTestId('ladder-add'));
    await user.click(screen.getByTestId('ladder-add'));
    let rows = screen.getAllByTestId('ladder-row');
    expect(rows.map((r) => (within(r).getByTestId('ladder-strike') as HTMLInputElement).value)).toEqual(['1', '2', '3']);
    expect(screen.queryByTestId('field-error-ladder-2-strike')).toBeNull();

    const third = screen.getByLabelText('Step 3: strike');
    await user.clear(third);
    await user.type(third, '2');
    expect(screen.getByTestId('field-error-ladder-2-strike').textContent).toBe('Must be higher than strike 2 of the step above.');
    expect(third.getAttribute('aria-invalid')).toBe('true');

    // reordering puts strike 2 first: flagged at once
    await user.click(screen.getByRole('button', { name: 'Move step 2 up' }));
    expect(screen.getByTestId('field-error-ladder-0-strike').textContent).toBe('The first step must be strike 1.');
    await user.click(screen.getByRole('button', { name: 'Move step 1 down' }));
    expect(screen.queryByTestId('field-error-ladder-0-strike')).toBeNull();

    // removing the middle step leaves 1, 2: valid
    await user.click(screen.getByRole('button', { name: 'Remove step 2' }));
    rows = screen.getAllByTestId('ladder-row');
    expect(rows).toHaveLength(2);
    expect(screen.queryByTestId('field-error-ladder-1-strike')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Step 2: penalty'), 'traffic-limit');
    await user.type(screen.getByLabelText('Step 2: for (days)'), '7');

    await user.type(screen.getByLabelText('Violation-rate change (%)'), '-30');
    await user.type(screen.getByLabelText('Minimum precision (%)'), '95');
    await user.type(screen.getByLabelText('Minimum coverage (%)'), '60');
    await user.selectOptions(seriesSelect, 's-1');
    await user.click(screen.getByTestId('implementingDepartments-review-ops'));

    await user.click(screen.getByTestId('rule-submit'));
    expect((await screen.findByTestId('field-error-ladder-1-strike')).textContent).toBe('Strikes must increase.');
    expect(screen.getByTestId('field-error-targets.minPrecision').textContent).toBe('Too strict for a model.');
    expect(screen.getByRole('alert').textContent).toContain('Check the rule.');
    expect(screen.getByRole('alert').textContent).not.toContain('ladder[1]');

    await user.click(screen.getByTestId('rule-submit'));
    await waitFor(() => expect(window.location.hash).toBe('#/governance/rules/r-9'));
    const body = calls.filter((c) => c.method === 'POST').at(-1)!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      name: '直播间诱导未成年人打赏',
      kind: 'rule',
      businessLine: 'tiktok-live',
      category: 'minor-safety',
      subjectType: 'creator',
      detection: 'manual-review',
      characteristics: '主播诱导**未成年人**打赏',
      implementingDepartments: ['review-ops'],
      incidentIds: ['inc-1'],
      signalSeriesId: 's-1',
      controlSeriesId: null,
      ladder: [{ strike: 1, action: 'warning' }, { strike: 2, action: 'traffic-limit', durationDays: 7 }],
      strikeWindowDays: 90,
      rollUpToGuild: false,
      targets: { violationRateChange: -0.3, minPrecision: 0.95, minCoverage: 0.6 },
      evaluationWindowDays: 28,
      appealSlaHours: 48,
    });
    expect(body).not.toHaveProperty('expectedVersion');
  });

  it('does not post while required fields or the ladder are wrong', async () => {
    const user = userEvent.setup();
    signIn(['leader']);
    const calls = mockApi(({ url }) => (url.startsWith('/api/signals/series') ? jsonResponse(200, { items: [], total: 0, page: 1, pageSize: 200 }) : undefined));
    renderWithApp(<RuleFormPage />);
    await screen.findByTestId('rule-form');
    await user.click(screen.getByTestId('ladder-remove'));
    expect(screen.getByTestId('field-error-ladder').textContent).toBe('A rule needs at least one penalty step.');
    await user.click(screen.getByTestId('rule-submit'));
    expect(screen.getByTestId('field-error-name').textContent).toBe('Required.');
    expect(screen.getByTestId('field-error-businessLine').textContent).toBe('Required.');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('edits with expectedVersion and says a live rule gets a new draft version', async () => {
    const user = userEvent.setup();
    signIn(['operator']);
    const live = rule({ status: 'live', version: 2, liveVersion: 2, rowVersion: 7 });
    const calls = mockApi(({ method, url }) => {
      if (url === '/api/governance/rules/r-1' && method === 'GET') return jsonResponse(200, live);
      if (url === '/api/governance/rules/r-1' && method === 'PUT') return jsonResponse(200, { ...live, status: 'draft', version: 3 });
      if (url.startsWith('/api/signals/series')) return jsonResponse(200, { items: series, total: 2, page: 1, pageSize: 200 });
      return undefined;
    });
    renderWithApp(<RuleFormPage id="r-1" />);
    expect((await screen.findByTestId('rule-edit-note')).textContent).toBe('Saving creates draft version 3. Version 2 keeps running until the new one runs in shadow or goes live.');
    expect((screen.getByLabelText('Violation-rate change (%)') as HTMLInputElement).value).toBe('-30');
    const precision = screen.getByLabelText('Minimum precision (%)');
    await user.clear(precision);
    await user.type(precision, '90');
    await user.click(screen.getByTestId('rule-submit'));
    await waitFor(() => expect(window.location.hash).toBe('#/governance/rules/r-1'));
    const put = calls.find((c) => c.method === 'PUT')!.body as Record<string, unknown>;
    expect(put.expectedVersion).toBe(7); // the rule's concurrency token, not its content version
    expect(put.targets).toEqual({ violationRateChange: -0.3, minPrecision: 0.9, minCoverage: 0.6 });
    expect(put.ladder).toEqual(live.ladder);
    expect(put.graveStartsAtStrike).toBe(2);
  });

  it('labels every field, option and button in Chinese for Chinese users', async () => {
    signIn(['operator']);
    mockApi(({ url }) => (url.startsWith('/api/signals/series') ? jsonResponse(200, { items: series, total: 2, page: 1, pageSize: 200 }) : undefined));
    renderWithApp(<RuleFormPage />, { lang: 'zh-CN' });
    const form = await screen.findByTestId('rule-form');
    await waitFor(() => expect(within(screen.getByTestId('rule-signalSeriesId')).getAllByRole('option')).toHaveLength(3));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('新建治理规则');
    expect(screen.getByLabelText('第 1 级：处罚措施')).toBeTruthy();
    expect(within(screen.getByTestId('rule-signalSeriesId')).getByText('抖音 · 诈骗 · 违规率')).toBeTruthy();
    const texts = [form.textContent ?? '', ...[...form.querySelectorAll('option')].map((o) => o.textContent ?? '')];
    for (const x of texts) expect(x.replace(/Markdown|TikTok/g, '').match(/[A-Za-z]{2,}/g), x.slice(0, 80)).toBeNull();
  });
});
