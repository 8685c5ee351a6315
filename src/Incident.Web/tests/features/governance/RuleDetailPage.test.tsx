import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../../src/api/types';
import { RuleDetailPage } from '../../../src/features/governance/RuleDetailPage';
import type { Rule } from '../../../src/features/governance/governanceTypes';
import { LiveStore, type HubLike } from '../../../src/live/liveStore';
import { LiveProvider } from '../../../src/live/useLive';
import { fakeHub } from '../../fakeHub';
import { jsonResponse, renderWithApp } from '../../render';
import { mockApi, resetApi, rule, series, signIn, version } from './fixtures';

// The enforcement screens are another team's: only their placement is checked here.
vi.mock('../../../src/features/governance/EffectivenessPanel', () => ({ EffectivenessPanel: ({ ruleId }: { ruleId: string }) => <div data-testid="mock-effectiveness" data-rule-id={ruleId} /> }));
vi.mock('../../../src/features/governance/EnforcementUpload', () => ({ EnforcementUpload: ({ ruleId }: { ruleId?: string }) => <div data-testid="mock-enforcement-upload" data-rule-id={ruleId} /> }));
vi.mock('../../../src/features/governance/AuditForm', () => ({ AuditForm: ({ ruleId }: { ruleId: string }) => <div data-testid="mock-audit-form" data-rule-id={ruleId} /> }));
vi.mock('../../../src/features/governance/NoticesSection', () => ({ NoticesSection: ({ ruleId }: { ruleId: string }) => <div data-testid="mock-notices" data-rule-id={ruleId} /> }));

const v1 = version(1, { status: 'live', launchedAt: '2026-11-21T10:00:00Z', launchedBy: 'lead1' });
const v2 = version(2, {
  status: 'in-review',
  ladder: [
    { strike: 1, action: 'warning' },
    { strike: 2, action: 'traffic-limit', durationDays: 14 },
    { strike: 3, action: 'termination' },
  ],
});
const inReview = (over: Partial<Rule> = {}): Rule =>
  rule({ ...v2, status: 'in-review', version: 2, liveVersion: 1, allowedTransitions: ['approve', 'reject', 'retire'], versions: [v1, v2], ...over });

function api(state: { current: Rule }, onPost: (path: string, body: unknown) => Response) {
  return mockApi(({ method, url, body }) => {
    if (method === 'GET' && url === '/api/governance/rules/r-1') return jsonResponse(200, state.current);
    if (url.startsWith('/api/signals/series')) return jsonResponse(200, { items: series, total: 2, page: 1, pageSize: 200 });
    if (method === 'POST' && url.startsWith('/api/governance/rules/r-1/')) return onPost(url, body);
    return undefined;
  });
}

const buttons = () => within(screen.getByTestId('lifecycle')).getAllByRole('button').map((b) => b.getAttribute('data-testid'));

describe('RuleDetailPage', () => {
  afterEach(resetApi);

  it('offers only the allowed transitions, shows a 409 readably, asks a reason to reject and re-renders from the answer', async () => {
    const user = userEvent.setup();
    signIn(['leader']);
    const state = { current: inReview() };
    const calls = api(state, (url) => {
      if (url.endsWith('/approve'))
        return jsonResponse(409, { type: 'https://incident/problems/rule-transition-not-allowed', title: 'Transition not allowed', status: 409, detail: 'Version 2 is a draft again: someone rejected it.' });
      if (url.endsWith('/reject')) {
        state.current = { ...state.current, status: 'draft', allowedTransitions: ['submit'], versions: [v1, { ...v2, status: 'draft' }] };
        return jsonResponse(200, state.current);
      }
      return jsonResponse(500, {});
    });
    renderWithApp(<RuleDetailPage id="r-1" />);

    const page = await screen.findByTestId('rule-detail');
    expect(within(page).getByRole('heading', { level: 1 }).textContent).toBe('GOV-2026-000001 直播间诱导打赏治理');
    expect(screen.getAllByTestId('rule-status')[0]!.textContent).toBe('In review');
    expect(screen.getByTestId('rule-version').textContent).toBe('Latest: version 2');
    expect(screen.getByTestId('rule-live').textContent).toBe('Enforcing: version 1');
    expect(buttons()).toEqual(['rule-transition-approve', 'rule-transition-reject', 'rule-transition-retire']);
    expect(screen.getByTestId('rule-transition-reject').textContent).toBe('Reject…');

    await user.click(screen.getByTestId('rule-transition-approve'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This step is not possible in the rule’s current state');
    expect(alert.textContent).toContain('Version 2 is a draft again: someone rejected it.');
    expect(calls.some((c) => c.method === 'POST' && c.url === '/api/governance/rules/r-1/approve')).toBe(true);

    await user.click(screen.getByTestId('rule-transition-reject'));
    await user.click(screen.getByTestId('reject-confirm'));
    expect(screen.getByTestId('field-error-reason').textContent).toBe('Required.');
    expect(calls.some((c) => c.url.endsWith('/reject'))).toBe(false);
    await user.type(screen.getByTestId('reject-reason'), 'Ladder too harsh for a first offence');
    await user.click(screen.getByTestId('reject-confirm'));
    await waitFor(() => expect(buttons()).toEqual(['rule-transition-submit']));
    expect(calls.find((c) => c.url === '/api/governance/rules/r-1/reject')!.body).toEqual({ reason: 'Ladder too harsh for a first offence' });
    expect(screen.getAllByTestId('rule-status')[0]!.textContent).toBe('Draft');
    expect(screen.getByTestId('rule-detail').getAttribute('data-status')).toBe('draft');
  });

  it('posts launch and retire (after confirming) to their paths', async () => {
    const user = userEvent.setup();
    signIn(['admin']);
    const state = { current: rule({ status: 'approved', allowedTransitions: ['shadow', 'launch', 'retire'] }) };
    const calls = api(state, (url) => {
      const to = url.split('/').pop() === 'launch' ? 'live' : 'retired';
      state.current = { ...state.current, status: to, liveVersion: to === 'live' ? 1 : null, allowedTransitions: to === 'live' ? ['pause', 'retire'] : [] };
      return jsonResponse(200, state.current);
    });
    renderWithApp(<RuleDetailPage id="r-1" />);
    await screen.findByTestId('rule-detail');
    expect(buttons()).toEqual(['rule-transition-shadow', 'rule-transition-launch', 'rule-transition-retire']);
    expect(screen.getByTestId('rule-transition-shadow').textContent).toBe('Run in shadow');
    expect(screen.getByTestId('rule-live').textContent).toBe('Not enforcing');
    await user.click(screen.getByTestId('rule-transition-launch'));
    await waitFor(() => expect(buttons()).toEqual(['rule-transition-pause', 'rule-transition-retire']));
    expect(screen.getByTestId('rule-live').textContent).toBe('Enforcing: version 1');

    await user.click(screen.getByTestId('rule-transition-retire'));
    expect(screen.getByTestId('retire-confirm-box').textContent).toContain('Retire GOV-2026-000001?');
    expect(calls.some((c) => c.url.endsWith('/retire'))).toBe(false);
    await user.click(screen.getByTestId('retire-confirm'));
    await screen.findByTestId('lifecycle-none');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/governance/rules/r-1/launch', '/api/governance/rules/r-1/retire']);
    expect(screen.queryByTestId('rule-edit')).toBeNull();
  });

  it('renders the rule in words and compares versions side by side, highlighting what changed', async () => {
    const user = userEvent.setup();
    signIn(['leader']);
    api({ current: inReview() }, () => jsonResponse(500, {}));
    renderWithApp(<RuleDetailPage id="r-1" />);
    await screen.findByTestId('rule-detail');

    expect(screen.getAllByTestId('ladder-step').map((s) => s.textContent)).toEqual(['Strike 1 → Warning', 'Strike 2 → Traffic limit for 14 days', 'Strike 3 → Termination']);
    expect(within(screen.getByTestId('rule-characteristics')).getByRole('heading', { level: 2 }).textContent).toBe('特征');
    expect(within(screen.getByTestId('rule-characteristics')).getByText('诱导').tagName).toBe('STRONG');
    expect(screen.getByTestId('rule-targets').textContent).toMatch(/At least 30\s% fewer violations \(−30\s%\)/);
    expect(screen.getByTestId('rule-targets').textContent).toMatch(/Minimum precision\s*At least 95\s%/);
    expect(screen.getByTestId('rule-implementing').textContent).toBe('Review ops, Live guild ops');
    const link = within(screen.getByTestId('rule-incident-links')).getByRole('link');
    expect(link.textContent).toBe('INC-2026-000123 直播诈骗');
    expect(link.getAttribute('href')).toBe('#/incidents/inc-1');
    await waitFor(() => expect(screen.getByTestId('rule-signal-series').textContent).toBe('Douyin · Fraud / scam · Violation rate'));
    expect(screen.getByTestId('rule-facts').textContent).toContain('At least strike 2');

    const compare = screen.getByTestId('versions-compare');
    expect((screen.getByTestId('compare-version-a') as HTMLSelectElement).value).toBe('1');
    expect((screen.getByTestId('compare-version-b') as HTMLSelectElement).value).toBe('2');
    const rowOf = (field: string) => within(compare).getAllByTestId('compare-row').find((r) => r.getAttribute('data-field') === field)!;
    expect(rowOf('ladder').getAttribute('data-changed')).toBe('true');
    expect(rowOf('ladder').className).toBe('changed');
    expect(rowOf('ladder').textContent).toContain('Changed');
    expect(rowOf('ladder').textContent).toContain('Strike 2 → Traffic limit for 7 days');
    expect(rowOf('ladder').textContent).toContain('Strike 2 → Traffic limit for 14 days');
    expect(rowOf('name').getAttribute('data-changed')).toBe('false');
    expect(rowOf('minPrecision').getAttribute('data-changed')).toBe('false');
    expect(within(compare).getAllByTestId('compare-row').filter((r) => r.getAttribute('data-changed') === 'true').map((r) => r.getAttribute('data-field'))).toEqual(['ladder']);
    expect(screen.getByTestId('compare-summary').textContent).toBe('1 field changed.');

    await user.selectOptions(screen.getByTestId('compare-version-a'), '2');
    expect(rowOf('ladder').getAttribute('data-changed')).toBe('false');
    expect(screen.getByTestId('compare-summary').textContent).toBe('The same version is picked twice.');
  });

  it("places the enforcement screens by role: all of them for leaders, effectiveness and QA audits for review-ops partners", async () => {
    signIn(['leader']);
    api({ current: inReview() }, () => jsonResponse(500, {}));
    const view = renderWithApp(<RuleDetailPage id="r-1" />);
    await screen.findByTestId('rule-detail');
    for (const id of ['mock-effectiveness', 'mock-enforcement-upload', 'mock-audit-form', 'mock-notices']) expect(screen.getByTestId(id).getAttribute('data-rule-id'), id).toBe('r-1');
    expect(screen.getByTestId('rule-edit').getAttribute('href')).toBe('#/governance/rules/r-1/edit');
    view.unmount();
    resetApi();

    signIn(['partner'], 'review-ops');
    api({ current: inReview({ allowedTransitions: [] }) }, () => jsonResponse(500, {}));
    renderWithApp(<RuleDetailPage id="r-1" />);
    await screen.findByTestId('rule-detail');
    expect(screen.getByTestId('lifecycle-none')).toBeTruthy();
    expect(screen.getByTestId('mock-effectiveness')).toBeTruthy();
    expect(screen.getByTestId('mock-audit-form')).toBeTruthy();
    expect(screen.queryByTestId('mock-enforcement-upload')).toBeNull();
    expect(screen.queryByTestId('mock-notices')).toBeNull();
    expect(screen.queryByTestId('rule-edit')).toBeNull();
  });

  it('refetches when a governance event about this rule arrives', async () => {
    signIn(['operator']);
    const state = { current: inReview({ allowedTransitions: [] }) };
    const calls = api(state, () => jsonResponse(500, {}));
    const hub = fakeHub();
    const store = new LiveStore({ createConnection: () => hub as unknown as HubLike, fetchAfter: async () => [] });
    await store.start();
    renderWithApp(
      <LiveProvider store={store}>
        <RuleDetailPage id="r-1" />
      </LiveProvider>,
    );
    await screen.findByTestId('rule-detail');
    const gets = () => calls.filter((c) => c.url === '/api/governance/rules/r-1').length;
    const before = gets();
    const ev = (seq: number, type: string, data: Record<string, unknown>): LiveEvent => ({
      seq, incidentId: 'inc-1', incidentKey: 'INC-2026-000123', type, stage: 'governance', severity: 'S2', actor: 'lead1', departments: [], occurredAt: '2026-11-22T10:00:00Z', data,
    });
    act(() => hub.handler!(ev(1, 'governance.rule-changed', { ruleId: 'r-other', ruleKey: 'GOV-2026-000777' })));
    act(() => hub.handler!(ev(2, 'incident.updated', { ruleId: 'r-1' })));
    await new Promise((r) => setTimeout(r, 450));
    expect(gets()).toBe(before);
    state.current = { ...state.current, status: 'approved' };
    act(() => hub.handler!(ev(3, 'governance.rule-changed', { ruleId: 'r-1', ruleKey: 'GOV-2026-000001', from: 'in-review', to: 'approved', transition: 'approve' })));
    await waitFor(() => expect(screen.getByTestId('rule-detail').getAttribute('data-status')).toBe('approved'));
    expect(gets()).toBe(before + 1);
  });

  it('speaks Chinese throughout in zh-CN', async () => {
    signIn(['leader']);
    api({ current: inReview({ allowedTransitions: ['approve', 'reject', 'retire'] }) }, () => jsonResponse(500, {}));
    renderWithApp(<RuleDetailPage id="r-1" />, { lang: 'zh-CN' });
    const page = await screen.findByTestId('rule-detail');
    await waitFor(() => expect(screen.getByTestId('rule-signal-series').textContent).toBe('抖音 · 诈骗 · 违规率'));
    expect(screen.getAllByTestId('ladder-step').map((s) => s.textContent)).toEqual(['第 1 次违规 → 警告', '第 2 次违规 → 限流 14 天', '第 3 次违规 → 永久封禁']);
    expect(screen.getByTestId('rule-transition-approve').textContent).toBe('批准');
    expect(screen.getAllByTestId('rule-status')[0]!.textContent).toBe('评审中');
    expect(screen.getByTestId('rule-targets').textContent).toContain('违规至少减少 30%（−30%）');
    expect(screen.getByTestId('rule-implementing').textContent).toBe('审核运营、直播公会运营');

    const clone = page.cloneNode(true) as HTMLElement;
    for (const d of clone.querySelectorAll('details')) d.remove(); // technical ids are allowed there
    const text = (clone.textContent ?? '').replace(/GOV-2026-\d{6}|INC-2026-\d{6}|operator1|lead1/g, '');
    expect(text.match(/[A-Za-z]{2,}/g)).toBeNull();
    // option labels are text too
    const options = [...clone.querySelectorAll('option')].map((o) => o.textContent ?? '');
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) expect(o, o).not.toMatch(/[A-Za-z]{2,}/);
  });
});

describe('RuleDetailPage versions as served', () => {
  afterEach(resetApi);

  it('names a version in shadow apart and leaves incidents out of the comparison when versions carry none', async () => {
    signIn(['leader']);
    const strip = ({ incidentIds: _i, incidents: _r, ...v }: ReturnType<typeof version>) => v as ReturnType<typeof version>;
    const served = rule({
      status: 'shadow', version: 2, liveVersion: 1, shadowVersion: 2, allowedTransitions: ['launch', 'pause', 'retire'],
      versions: [strip(version(1, { status: 'live' })), strip(version(2, { status: 'shadow', name: '新名称' }))],
    });
    api({ current: served }, () => jsonResponse(500, {}));
    renderWithApp(<RuleDetailPage id="r-1" />);
    await screen.findByTestId('rule-detail');
    expect(screen.getByTestId('rule-live').textContent).toBe('Enforcing: version 1');
    expect(screen.getByTestId('rule-shadow').textContent).toBe('In shadow: version 2');
    const fields = within(screen.getByTestId('versions-compare')).getAllByTestId('compare-row').map((r) => r.getAttribute('data-field'));
    expect(fields).not.toContain('incidents');
    const changed = within(screen.getByTestId('versions-compare')).getAllByTestId('compare-row').filter((r) => r.getAttribute('data-changed') === 'true');
    expect(changed.map((r) => r.getAttribute('data-field'))).toEqual(['name']);
  });
});
