import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LiveEvent, User } from '../../../src/api/types';
import { PublishedReportNotices, publishedNoticeFor } from '../../../src/features/reports/PublishedReportNotices';
import { LiveStore, type HubLike } from '../../../src/live/liveStore';
import { LiveProvider } from '../../../src/live/useLive';
import { renderWithApp } from '../../render';
import { fakeHub } from '../../fakeHub';

const review1: User = { username: 'review1', displayName: 'Review One', roles: ['partner'], department: 'review-ops' };

const published = (seq: number, over: Partial<LiveEvent> = {}, audience = ['review-ops']): LiveEvent => ({
  seq,
  incidentId: 'inc-1',
  incidentKey: 'INC-2026-000001',
  type: 'report.published',
  stage: 'discovery',
  severity: 'S2',
  actor: 'operator1',
  departments: ['risk-ops', ...audience],
  occurredAt: '2026-11-21T10:00:00Z',
  data: { reportId: 'r1', kind: 'flash', title: 'Fraud wave flash', audience },
  ...over,
});

describe('report published to my department (issue 5)', () => {
  it('is news only for the audience, and not for the one who published it', () => {
    expect(publishedNoticeFor(published(1), review1)).toEqual({
      reportId: 'r1',
      kind: 'flash',
      title: 'Fraud wave flash',
      incidentKey: 'INC-2026-000001',
      department: 'review-ops',
    });
    expect(publishedNoticeFor(published(2, {}, ['live-guild-ops']), review1)).toBeNull();
    expect(publishedNoticeFor(published(3, { type: 'report.approved' }), review1)).toBeNull();
    expect(publishedNoticeFor(published(4, { actor: 'review1' }), review1)).toBeNull();
    expect(publishedNoticeFor(published(5, { data: null }), review1)).toBeNull();
  });

  it('shows a toast with a link to the report when the live event arrives', async () => {
    const hub = fakeHub();
    const store = new LiveStore({ createConnection: () => hub as unknown as HubLike, fetchAfter: async () => [] });
    await store.start();
    renderWithApp(
      <LiveProvider store={store}>
        <PublishedReportNotices user={review1} />
      </LiveProvider>,
    );
    expect(screen.queryByTestId('toast')).toBeNull();

    act(() => hub.handler!(published(10, {}, ['live-guild-ops'])));
    expect(screen.queryByTestId('toast')).toBeNull();
    act(() => hub.handler!(published(11)));

    const toast = await screen.findByTestId('toast');
    expect(toast.textContent).toContain('Flash report "Fraud wave flash" (INC-2026-000001) was published to');
    expect(screen.getByTestId('toast-link').getAttribute('href')).toBe('#/reports/r1');
    expect(screen.getByTestId('toast-link').textContent).toBe('Open the report');
  });
});
