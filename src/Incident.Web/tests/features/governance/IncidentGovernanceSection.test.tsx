import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../../src/api/types';
import { IncidentGovernanceSection } from '../../../src/features/governance/IncidentGovernanceSection';
import { IncidentDetailPage } from '../../../src/features/incidents/IncidentDetailPage';
import type { IncidentGovernance } from '../../../src/features/governance/governanceTypes';
import { LiveStore, type HubLike } from '../../../src/live/liveStore';
import { LiveProvider } from '../../../src/live/useLive';
import { fakeHub } from '../../fakeHub';
import { jsonResponse, renderWithApp } from '../../render';
import { mockApi, resetApi, signIn } from './fixtures';

const governance = (over: Partial<IncidentGovernance> = {}): IncidentGovernance => ({
  incidentId: 'inc-1',
  verdict: 'not-yet',
  gate: { waiting: true, since: '2026-11-21T10:00:00Z', windowEndsAt: '2026-12-21T10:00:00Z' },
  rules: [
    {
      id: 'r-1',
      key: 'GOV-2026-000001',
      name: '直播间诱导打赏治理',
      status: 'live',
      effectiveness: { verdict: 'not-yet', meetsTargets: false, violationRate: { change: -0.32, ci95: [-0.4, -0.24] }, precision: { value: 0.96 }, coverage: { value: 0.55 } },
    },
    { id: 'r-2', key: 'GOV-2026-000002', name: 'Guild rule', status: 'shadow', effectiveness: null },
  ],
  ...over,
});

const event = (seq: number, type: string, incidentId = 'inc-1'): LiveEvent => ({
  seq, incidentId, incidentKey: 'INC-2026-000123', type, stage: 'governance', severity: 'S2', actor: 'lead1', departments: [], occurredAt: '2026-11-22T10:00:00Z', data: { ruleId: 'r-1' },
});

describe('IncidentGovernanceSection', () => {
  afterEach(resetApi);

  it('shows the verdict, the gate, each rule in plain words and links to drafting a rule from the incident', async () => {
    mockApi(({ url }) => (url === '/api/incidents/inc-1/governance' ? jsonResponse(200, governance()) : undefined));
    renderWithApp(<IncidentGovernanceSection incidentId="inc-1" canDraft />);

    const verdict = await screen.findByTestId('governance-verdict');
    expect(verdict.textContent).toBe('Not yet');
    expect(verdict.getAttribute('data-verdict')).toBe('not-yet');
    expect(verdict.className).toContain('gov-verdict-not-yet');
    expect(screen.getByTestId('governance-gate').textContent).toMatch(/^The workflow waits for the rules to meet their targets; the window ends \d.*\. \(Waiting since \d.*\.\)$/);
    const [first, second] = screen.getAllByTestId('governance-rule');
    expect(within(first!).getByRole('link', { name: 'GOV-2026-000001' }).getAttribute('href')).toBe('#/governance/rules/r-1');
    expect(within(first!).getByTestId('rule-status').textContent).toBe('Live');
    const lines = within(first!).getAllByRole('listitem').map((l) => l.textContent);
    expect(lines[0]).toMatch(/^Violations fell by 32\s% \(95 % range: −40\s% to −24\s%\)$/);
    expect(lines[1]).toMatch(/^Precision 96\s%/);
    expect(lines[2]).toMatch(/^Coverage 55\s%/);
    expect(within(second!).getByTestId('rule-status').textContent).toBe('Running in shadow');
    expect(lines).toHaveLength(3);
    expect(within(second!).getByText('Not measured yet.')).toBeTruthy();
    expect(screen.getByTestId('governance-draft-rule').getAttribute('href')).toBe('#/governance/rules/new?incident=inc-1');
  });

  it('says meets in green words, and offers no drafting without the role', async () => {
    mockApi(({ url }) => (url === '/api/incidents/inc-1/governance' ? jsonResponse(200, governance({ verdict: 'meets', gate: { waiting: false } })) : undefined));
    renderWithApp(<IncidentGovernanceSection incidentId="inc-1" canDraft={false} />);
    const verdict = await screen.findByTestId('governance-verdict');
    expect(verdict.textContent).toBe('Meets its targets');
    expect(verdict.className).toContain('gov-verdict-meets');
    expect(screen.getByTestId('governance-gate').textContent).toBe('The workflow is not waiting for the rules.');
    expect(screen.queryByTestId('governance-draft-rule')).toBeNull();
  });

  it('adds the estimate against the control series when there is one', async () => {
    const g = governance();
    g.rules[0]!.effectiveness!.violationRate = { change: -0.32, ci95: [-0.4, -0.24], didEstimate: -0.2, didCi95: [-0.3, -0.1] };
    mockApi(({ url }) => (url === '/api/incidents/inc-1/governance' ? jsonResponse(200, g) : undefined));
    renderWithApp(<IncidentGovernanceSection incidentId="inc-1" canDraft />);
    const first = (await screen.findAllByTestId('governance-rule'))[0]!;
    expect(within(first).getAllByRole('listitem')[1]!.textContent).toMatch(/^Against the control series: −20\s% \(95 % range: −30\s% to −10\s%\)$/);
  });

  it('treats a 404 as no rules yet', async () => {
    mockApi(() => undefined);
    renderWithApp(<IncidentGovernanceSection incidentId="inc-1" canDraft />);
    expect((await screen.findByTestId('governance-verdict')).textContent).toBe('No rules yet');
    expect(screen.getByText('No governance rule is linked to this incident yet.')).toBeTruthy();
    expect(screen.getByTestId('governance-draft-rule')).toBeTruthy();
  });

  it('refetches on governance and appeal events of this incident only', async () => {
    let verdict = 'not-yet';
    const calls = mockApi(({ url }) => (url === '/api/incidents/inc-1/governance' ? jsonResponse(200, governance({ verdict })) : undefined));
    const hub = fakeHub();
    const store = new LiveStore({ createConnection: () => hub as unknown as HubLike, fetchAfter: async () => [] });
    await store.start();
    renderWithApp(
      <LiveProvider store={store}>
        <IncidentGovernanceSection incidentId="inc-1" canDraft />
      </LiveProvider>,
    );
    await screen.findByTestId('governance-verdict');
    const gets = () => calls.filter((c) => c.url === '/api/incidents/inc-1/governance').length;
    expect(gets()).toBe(1);
    act(() => hub.handler!(event(1, 'governance.effect-measured', 'inc-2')));
    act(() => hub.handler!(event(2, 'report.published')));
    await new Promise((r) => setTimeout(r, 450));
    expect(gets()).toBe(1);
    verdict = 'regresses';
    act(() => hub.handler!(event(3, 'appeal.decided')));
    await waitFor(() => expect(screen.getByTestId('governance-verdict').textContent).toBe('Regresses'));
    verdict = 'meets';
    act(() => hub.handler!(event(4, 'governance.effect-measured')));
    await waitFor(() => expect(screen.getByTestId('governance-verdict').textContent).toBe('Meets its targets'));
    expect(gets()).toBe(3);
  });

  it('sits on the incident page, with drafting for operators and without it for partners', async () => {
    const incident = { id: 'inc-1', key: 'INC-2026-000123', title: '直播诈骗', summary: '', businessLine: 'douyin', category: 'fraud-scam', severity: 'S2', source: 'monitoring', status: 'open', stage: 'governance', ownerDepartment: 'risk-ops', departments: ['risk-ops'], version: 3, openedAt: '2026-11-21T10:00:00Z', updatedAt: '2026-11-21T10:00:00Z', closedAt: null, workflow: null };
    const routes = ({ url }: { url: string }) =>
      url === '/api/incidents/inc-1' ? jsonResponse(200, incident)
      : url === '/api/incidents/inc-1/timeline' ? jsonResponse(200, { items: [] })
      : url === '/api/incidents/inc-1/handoffs' ? jsonResponse(200, [])
      : url === '/api/incidents/inc-1/governance' ? jsonResponse(200, governance({ verdict: 'regresses' }))
      : undefined;
    signIn(['operator']);
    mockApi(routes);
    const view = renderWithApp(<IncidentDetailPage id="inc-1" />);
    const section = await screen.findByTestId('governance-section');
    expect((await within(section).findByTestId('governance-verdict')).textContent).toBe('Regresses');
    expect(within(section).getByTestId('governance-draft-rule').getAttribute('href')).toBe('#/governance/rules/new?incident=inc-1');
    view.unmount();
    resetApi();

    signIn(['partner'], 'review-ops');
    mockApi(routes);
    renderWithApp(<IncidentDetailPage id="inc-1" />);
    const partnerSection = await screen.findByTestId('governance-section');
    await within(partnerSection).findByTestId('governance-verdict');
    expect(within(partnerSection).queryByTestId('governance-draft-rule')).toBeNull();
  });
});
