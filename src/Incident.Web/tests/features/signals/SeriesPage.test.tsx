import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import type { AnomalyView, SeriesView } from '../../../src/api/types';
import { SeriesPage } from '../../../src/features/signals/SeriesPage';
import { jsonResponse, renderWithApp } from '../../render';

const series: SeriesView = {
  id: 's1',
  businessLine: 'douyin',
  category: 'fraud-scam',
  metric: 'report-volume',
  threshold: 0.5,
  thresholdOverridden: false,
  pointCount: 1200,
  latestTimestamp: '2026-11-21T10:00:00Z',
  latestValue: 101,
  latestScore: 0.1,
  baseline: 100,
  status: 'normal',
};

const anomaly = (n: number): AnomalyView => ({
  id: `a${n}`,
  series: { id: 's1', businessLine: 'douyin', category: 'fraud-scam', metric: 'report-volume' },
  windowStart: '2026-11-21T09:50:00Z',
  windowEnd: '2026-11-21T10:00:00Z',
  peakScore: 0.9,
  peakValue: 400,
  baseline: 100,
  points: 3,
  outcome: n === 1 ? 'opened' : 'joined',
  status: 'open',
  incident: { id: 'inc-1', key: 'INC-2026-000001', status: 'open' },
  detectedAt: '2026-11-21T10:00:05Z',
});

describe('SeriesPage', () => {
  afterEach(() => configureClient({ getToken: () => null, onUnauthorized: () => undefined }));

  it('reads its one series by id and pages through that series’ anomalies only', async () => {
    const user = userEvent.setup();
    const urls: string[] = [];
    const f = vi.fn(async (url: string) => {
      urls.push(url);
      if (url === '/api/signals/series/s1') return jsonResponse(200, series);
      if (url.startsWith('/api/signals/series/s1/points')) return jsonResponse(200, { items: [], truncated: false });
      if (url.startsWith('/api/anomalies?')) {
        const page = Number(new URL(url, 'http://x').searchParams.get('page'));
        const items = page === 1 ? Array.from({ length: 50 }, (_, i) => anomaly(i + 1)) : Array.from({ length: 10 }, (_, i) => anomaly(i + 51));
        return jsonResponse(200, { items, total: 60, page, pageSize: 50 });
      }
      return jsonResponse(404, {});
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<SeriesPage id="s1" />);

    await screen.findByText(/report-volume/);
    await waitFor(() => expect(screen.getAllByTestId('anomaly-row')).toHaveLength(50));
    expect(urls).toContain('/api/anomalies?seriesId=s1&page=1&pageSize=50');
    expect(urls.some((u) => u.startsWith('/api/signals/series?'))).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(screen.getAllByTestId('anomaly-row')).toHaveLength(10));
    expect(urls).toContain('/api/anomalies?seriesId=s1&page=2&pageSize=50');
  });

  it('says so when the series does not exist', async () => {
    const f = vi.fn(async (url: string) =>
      url.startsWith('/api/anomalies') ? jsonResponse(200, { items: [], total: 0, page: 1, pageSize: 50 }) : jsonResponse(404, { title: 'Not found' }));
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<SeriesPage id="nope" />);
    await screen.findByText('This series does not exist.');
  });
});
