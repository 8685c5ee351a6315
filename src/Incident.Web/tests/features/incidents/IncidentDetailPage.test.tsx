import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import type { IncidentDoc, LiveEvent } from '../../../src/api/types';
import { IncidentDetailPage } from '../../../src/features/incidents/IncidentDetailPage';
import { LiveStore, type HubLike } from '../../../src/live/liveStore';
import { LiveProvider } from '../../../src/live/useLive';
import { jsonResponse, renderWithApp } from '../../render';
import { fakeHub } from '../../fakeHub';

const incident = (version: number, actions = true): IncidentDoc => ({
  id: 'inc-1',
  key: 'INC-2026-000123',
  title: '直播诈骗',
  summary: 'x',
  businessLine: 'douyin',
  category: 'fraud-scam',
  severity: 'S1',
  source: 'monitoring',
  status: 'open',
  stage: 'assessment',
  ownerDepartment: 'risk-ops',
  departments: ['risk-ops'],
  version,
  openedAt: '2026-11-21T10:00:00Z',
  updatedAt: '2026-11-21T10:00:00Z',
  closedAt: null,
  workflow: {
    definitionId: 'emergency-response',
    definitionVersion: 1,
    instanceId: 'wi-1',
    status: 'Suspended',
    availableActions: actions ? [{ action: 'approve', label: 'Approve', bookmarkId: 'b1' }] : [],
  },
});

const event = (seq: number, type: string): LiveEvent => ({
  seq,
  incidentId: 'inc-1',
  incidentKey: 'INC-2026-000123',
  type,
  stage: 'assessment',
  severity: 'S1',
  actor: 'timer',
  departments: [],
  occurredAt: '2026-11-21T10:05:00Z',
  data: { note: '<img src=x onerror=alert(1)>' },
});

describe('IncidentDetailPage', () => {
  afterEach(() => configureClient({ getToken: () => null, onUnauthorized: () => undefined }));

  it('watches the incident, appends live events to the timeline and handles a consumed bookmark by reloading', async () => {
    const user = userEvent.setup();
    const posts: unknown[] = [];
    const f = vi.fn(async (url: string, init: RequestInit) => {
      if (url === '/api/incidents/inc-1' && init.method === 'GET') return jsonResponse(200, posts.length === 0 ? incident(4) : incident(5, false));
      if (url === '/api/incidents/inc-1/timeline') return jsonResponse(200, { items: [event(1, 'incident.opened')] });
      if (url === '/api/incidents/inc-1/handoffs') return jsonResponse(200, []);
      if (url === '/api/incidents/inc-1/actions') {
        posts.push(JSON.parse(String(init.body)));
        return jsonResponse(409, { type: 'https://incident/problems/bookmark-consumed', title: 'Conflict', status: 409 });
      }
      return jsonResponse(404, {});
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    const hub = fakeHub();
    const store = new LiveStore({ createConnection: () => hub as unknown as HubLike, fetchAfter: async () => [] });
    await store.start();

    const view = renderWithApp(
      <LiveProvider store={store}>
        <IncidentDetailPage id="inc-1" />
      </LiveProvider>,
    );
    await screen.findByTestId('incident-detail');
    expect(hub.invoked).toEqual([['Watch', 'inc-1']]);
    // The stage's code for browser tests, its name for people.
    expect(screen.getByTestId('incident-stage').getAttribute('data-stage')).toBe('assessment');
    expect(screen.getByTestId('incident-stage').textContent).toBe('Assessment');
    await waitFor(() => expect(screen.getAllByTestId('timeline-item')).toHaveLength(1));

    act(() => hub.handler!(event(2, 'sla.breached')));
    act(() => hub.handler!(event(2, 'sla.breached')));
    const items = screen.getAllByTestId('timeline-item');
    expect(items.map((i) => i.getAttribute('data-seq'))).toEqual(['2', '1']);
    expect(items[0]!.textContent).toContain('SLA breached');
    expect(items[0]!.querySelector('img')).toBeNull();

    await user.click(screen.getByTestId('action-button'));
    await user.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(screen.getByTestId('toasts').textContent).toContain('Somebody (or a timer) took this step first'));
    expect(posts).toEqual([{ action: 'approve', expectedVersion: 4 }]);
    await waitFor(() => expect(screen.getByTestId('incident-version').textContent).toBe('5'));
    expect(screen.queryByTestId('action-button')).toBeNull();

    view.unmount();
    expect(hub.invoked).toContainEqual(['Unwatch', 'inc-1']);
  });
});
