import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import type { Handoff, IncidentDoc, LiveEvent } from '../../../src/api/types';
import { InboxPage, sortByDue } from '../../../src/features/handoffs/InboxPage';
import { LiveStore, type HubLike } from '../../../src/live/liveStore';
import { LiveProvider } from '../../../src/live/useLive';
import { jsonResponse, renderWithApp } from '../../render';

const handoff = (id: string, dueInMs: number | null): Handoff => ({
  id,
  incidentId: `inc-${id}`,
  incidentKey: `INC-2026-00000${id}`,
  fromDepartment: 'risk-ops',
  toDepartment: 'review-ops',
  note: 'Please take down <b>matching</b> content',
  status: 'pending',
  requestedAt: new Date(Date.now() - 60_000).toISOString(),
  dueAt: dueInMs === null ? null : new Date(Date.now() + dueInMs).toISOString(),
  respondedAt: null,
  respondedBy: null,
});

describe('InboxPage', () => {
  afterEach(() => configureClient({ getToken: () => null, onUnauthorized: () => undefined }));

  it('orders pending handoffs by due time', () => {
    expect(sortByDue([handoff('1', null), handoff('2', 5000), handoff('3', -5000)]).map((h) => h.id)).toEqual(['3', '2', '1']);
  });

  it('shows countdowns (red when breached), requires a reason to decline and posts it', async () => {
    const user = userEvent.setup();
    const calls: [string, string, unknown][] = [];
    const f = vi.fn(async (url: string, init: RequestInit) => {
      calls.push([init.method!, url, init.body ? JSON.parse(String(init.body)) : undefined]);
      if (url.startsWith('/api/handoffs?')) return jsonResponse(200, { items: [handoff('1', 10 * 60_000), handoff('2', -90_000)] });
      if (url.startsWith('/api/incidents')) return jsonResponse(200, { items: [], total: 0, page: 1, pageSize: 50 });
      if (url === '/api/handoffs/1/decline') return jsonResponse(200, { ...handoff('1', 0), status: 'declined' });
      return jsonResponse(404, { title: 'nope' });
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<InboxPage />);

    const items = await screen.findAllByTestId('inbox-item');
    expect(items.map((i) => i.getAttribute('data-handoff-id'))).toEqual(['2', '1']);
    const late = within(items[0]!).getByTestId('sla-countdown');
    expect(late.getAttribute('data-breached')).toBe('true');
    expect(late.className).toContain('sla-breached');
    expect(late.textContent).toMatch(/^overdue by 01:[23]\d$/);
    expect(within(items[1]!).getByTestId('sla-countdown').textContent).toMatch(/^(10:0\d|09:5\d) left$/);
    // notes are text, never markup
    expect(items[0]!.querySelector('b')).toBeNull();

    await user.click(within(items[1]!).getByTestId('inbox-decline'));
    await user.click(within(items[1]!).getByTestId('inbox-confirm'));
    expect(within(items[1]!).getByRole('alert').textContent).toBe('Required.');
    expect(calls.some(([, url]) => url.includes('/decline'))).toBe(false);

    await user.type(within(items[1]!).getByLabelText(/^Reason/), 'Not our scope');
    await user.click(within(items[1]!).getByTestId('inbox-confirm'));
    await waitFor(() => expect(calls).toContainEqual(['POST', '/api/handoffs/1/decline', { reason: 'Not our scope' }]));
  });

  it('lists the incident of a report just published to the department, live (issue 5)', async () => {
    let involved = false;
    const incident = { id: 'inc-9', key: 'INC-2026-000009', title: 'Anomaly', severity: 'S2', stage: 'discovery', category: 'fraud-scam', businessLine: 'douyin', ownerDepartment: 'risk-ops', status: 'open', updatedAt: '2026-11-21T10:00:00Z' } as IncidentDoc;
    const f = vi.fn(async (url: string) => {
      if (url.startsWith('/api/handoffs?')) return jsonResponse(200, { items: [] });
      if (url.startsWith('/api/incidents')) return jsonResponse(200, { items: involved ? [incident] : [], total: involved ? 1 : 0, page: 1, pageSize: 50 });
      return jsonResponse(404, { title: 'nope' });
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    let push: (e: LiveEvent) => void = () => undefined;
    const hub = {
      start: async () => undefined,
      stop: async () => undefined,
      on: (_m: string, h: (e: LiveEvent) => void) => void (push = h),
      invoke: async () => undefined,
      onreconnecting: () => undefined,
      onreconnected: () => undefined,
      onclose: () => undefined,
    };
    const store = new LiveStore({ createConnection: () => hub as unknown as HubLike, fetchAfter: async () => [] });
    await store.start();
    renderWithApp(
      <LiveProvider store={store}>
        <InboxPage />
      </LiveProvider>,
    );
    await screen.findByText('No incidents match.');

    involved = true;
    act(() =>
      push({
        seq: 5, incidentId: 'inc-9', incidentKey: 'INC-2026-000009', type: 'report.published', stage: 'discovery', severity: 'S2',
        actor: 'operator1', departments: ['risk-ops', 'review-ops'], occurredAt: '2026-11-21T10:00:00Z',
        data: { reportId: 'r1', kind: 'flash', title: 'Flash', audience: ['review-ops'] },
      }),
    );
    const row = await screen.findByTestId('incident-row', {}, { timeout: 3000 });
    expect(row.getAttribute('data-key')).toBe('INC-2026-000009');
  });
});
