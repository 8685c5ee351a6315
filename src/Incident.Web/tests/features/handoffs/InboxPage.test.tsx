import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import type { Handoff } from '../../../src/api/types';
import { InboxPage, sortByDue } from '../../../src/features/handoffs/InboxPage';
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
});
