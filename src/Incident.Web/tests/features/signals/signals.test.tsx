import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import type { AnomalyView, LiveEvent, PointView, SeriesView } from '../../../src/api/types';
import { AnomalyTable, SignalsPage } from '../../../src/features/signals/SignalsPage';
import { anomalousPoints, buildSeriesChartOption, eventSeriesId, parseThreshold, rangeFrom } from '../../../src/features/signals/signals';
import { LiveStore, type HubLike } from '../../../src/live/liveStore';
import { LiveProvider } from '../../../src/live/useLive';
import { jsonResponse, renderWithApp } from '../../render';
import { fakeHub } from '../../fakeHub';

const pt = (minute: number, value: number, score: number): PointView => ({
  timestamp: new Date(Date.UTC(2026, 10, 21, 10, minute)).toISOString(),
  value,
  anomalyScore: score,
});

const labels = { value: 'Value', score: 'Anomaly score', threshold: 'Threshold', anomaly: 'Anomaly' };

const seriesView = (over: Partial<SeriesView> = {}): SeriesView => ({
  id: 's1',
  businessLine: 'douyin',
  category: 'fraud-scam',
  metric: 'reports_per_min',
  threshold: 0.8,
  thresholdOverridden: false,
  pointCount: 100,
  latestTimestamp: '2026-11-21T10:00:00Z',
  latestValue: 42,
  latestScore: 0.93,
  baseline: 12.5,
  status: 'anomalous',
  ...over,
});

const anomaly = (id: string): AnomalyView => ({
  id,
  series: { id: 's1', businessLine: 'douyin', category: 'fraud-scam', metric: 'reports_per_min' },
  windowStart: '2026-11-21T09:50:00Z',
  windowEnd: '2026-11-21T10:00:00Z',
  peakScore: 0.93,
  peakValue: 42,
  baseline: 12.5,
  points: 4,
  outcome: 'opened',
  status: 'open',
  incident: { id: 'inc-9', key: 'INC-2026-000009', status: 'open' },
  detectedAt: '2026-11-21T10:00:05Z',
});

type Option = ReturnType<typeof buildSeriesChartOption>;
type S = { data: unknown; yAxisIndex: number; markPoint: { data: unknown[] }; markLine: { data: unknown[] } };
const ser = (o: Option) => o.series as unknown as S[];

describe('series chart option', () => {
  const points = [pt(0, 10, 0.1), pt(1, 11, 0.79), pt(2, 40, 0.8), pt(3, 55, 0.97), pt(4, 12, 0.2)];

  it('marks exactly the points whose score is at or above the threshold, on the value line', () => {
    expect(anomalousPoints(points, 0.8).map((p) => p.value)).toEqual([40, 55]);
    const o: Option = buildSeriesChartOption(points, 0.8, labels);
    const values = ser(o)[0]!;
    expect(values.yAxisIndex).toBe(0);
    expect(values.data).toEqual(points.map((p) => [Date.parse(p.timestamp), p.value]));
    expect(values.markPoint.data).toEqual([
      { name: 'Anomaly', coord: [Date.parse(points[2]!.timestamp), 40], value: 0.8 },
      { name: 'Anomaly', coord: [Date.parse(points[3]!.timestamp), 55], value: 0.97 },
    ]);
  });

  it('does not mark points of the settling period, whatever their score', () => {
    const settling = [{ ...pt(0, 90, 0.99), settling: true }, pt(1, 11, 0.2), { ...pt(2, 60, 0.95), settling: false }];
    expect(anomalousPoints(settling, 0.8).map((p) => p.value)).toEqual([60]);
    expect(ser(buildSeriesChartOption(settling, 0.8, labels))[0]!.markPoint.data).toHaveLength(1);
  });

  it('draws the score on a 0–1 second axis with the threshold as a markLine, on a time x axis', () => {
    const o: Option = buildSeriesChartOption(points, 0.65, labels);
    expect(o.xAxis).toEqual({ type: 'time' });
    expect(o.yAxis[1]).toMatchObject({ min: 0, max: 1, position: 'right' });
    const score = ser(o)[1]!;
    expect(score.yAxisIndex).toBe(1);
    expect(score.data).toEqual(points.map((p) => [Date.parse(p.timestamp), p.anomalyScore]));
    expect(score.markLine.data).toEqual([{ name: 'Threshold', yAxis: 0.65 }]);
    expect(ser(o)[0]!.markPoint.data).toHaveLength(3);
    expect(ser(buildSeriesChartOption([], 0.8, labels))[0]!.markPoint.data).toEqual([]);
  });

  it('validates thresholds, computes ranges and reads the series of an anomaly event', () => {
    expect(parseThreshold('0.7')).toEqual({ value: 0.7 });
    expect(parseThreshold('1')).toEqual({ value: 1 });
    expect(parseThreshold('0')).toEqual({ error: 'range' });
    expect(parseThreshold('1.2')).toEqual({ error: 'range' });
    expect(parseThreshold('')).toEqual({ error: 'required' });
    expect(parseThreshold('abc')).toEqual({ error: 'number' });
    expect(rangeFrom('24h', Date.UTC(2026, 0, 2))).toBe('2026-01-01T00:00:00.000Z');
    expect(rangeFrom('all', 0)).toBeUndefined();
    expect(eventSeriesId({ series: { id: 's1', metric: 'm' } })).toBe('s1');
    expect(eventSeriesId(null)).toBeNull();
  });
});

describe('SignalsPage', () => {
  afterEach(() => {
    vi.useRealTimers();
    configureClient({ getToken: () => null, onUnauthorized: () => undefined });
  });

  it('lists series and anomalies with links to their incidents, and refreshes once on a burst of anomaly.detected', async () => {
    let anomalyCalls = 0;
    const f = vi.fn(async (url: string) => {
      if (url.startsWith('/api/signals/series?')) return jsonResponse(200, { items: [seriesView(), seriesView({ id: 's2', metric: 'gifts', status: 'normal', latestScore: 0.1 })], total: 2, page: 1, pageSize: 200 });
      if (url.startsWith('/api/anomalies')) {
        anomalyCalls++;
        const items = anomalyCalls === 1 ? [anomaly('a1')] : [anomaly('a2'), anomaly('a1')];
        return jsonResponse(200, { items, total: items.length, page: 1, pageSize: 100 });
      }
      return jsonResponse(404, {});
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    const hub = fakeHub();
    const store = new LiveStore({ createConnection: () => hub as unknown as HubLike, fetchAfter: async () => [] });
    await store.start();
    renderWithApp(
      <LiveProvider store={store}>
        <SignalsPage />
      </LiveProvider>,
    );
    await screen.findByTestId('signals-page');
    await waitFor(() => expect(screen.getAllByTestId('series-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('series-row');
    expect(rows[0]!.getAttribute('data-status')).toBe('anomalous');
    expect(rows[0]!.textContent).toContain('Douyin');
    expect(rows[0]!.textContent).toContain('Anomalous');
    expect(rows[0]!.querySelector('a')!.getAttribute('href')).toBe('#/signals/s1');
    await waitFor(() => expect(screen.getAllByTestId('anomaly-row')).toHaveLength(1));
    expect(screen.getByTestId('anomaly-incident').getAttribute('href')).toBe('#/incidents/inc-9');

    const ev = (seq: number): LiveEvent => ({
      seq,
      incidentId: 'inc-9',
      incidentKey: 'INC-2026-000009',
      type: 'anomaly.detected',
      stage: 'discovery',
      severity: 'S2',
      actor: 'monitoring',
      departments: ['risk-ops'],
      occurredAt: '2026-11-21T10:01:00Z',
      data: { series: { id: 's1' } },
    });
    act(() => {
      hub.handler!(ev(1));
      hub.handler!(ev(2));
      hub.handler!(ev(3));
    });
    await waitFor(() => expect(screen.getAllByTestId('anomaly-row')).toHaveLength(2), { timeout: 3000 });
    expect(anomalyCalls).toBe(2);
  });

  it('filters anomalies by incident status', async () => {
    const user = userEvent.setup();
    const urls: string[] = [];
    const f = vi.fn(async (url: string) => {
      urls.push(url);
      if (url.startsWith('/api/signals/series?')) return jsonResponse(200, { items: [], total: 0, page: 1, pageSize: 200 });
      return jsonResponse(200, { items: [], total: 0, page: 1, pageSize: 100 });
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<SignalsPage />);
    await screen.findByText('No monitored series yet.');
    await user.selectOptions(screen.getByTestId('anomaly-status-filter'), 'closed');
    await waitFor(() => expect(urls).toContain('/api/anomalies?status=closed&pageSize=100'));
  });

  it('renders an anomaly table in Chinese', () => {
    renderWithApp(<AnomalyTable anomalies={[anomaly('a1')]} />, { lang: 'zh-CN' });
    expect(screen.getByTestId('anomaly-row').textContent).toContain('新建事件');
  });
});
