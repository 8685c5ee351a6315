import type { AnomalyView, PointView, SeriesView } from '../../api/types';

export const ANOMALY_COLOR = '#c62828';
export const VALUE_COLOR = '#0b5cad';
export const SCORE_COLOR = '#8a5300';

/** Points whose anomaly score is at or above the threshold (the server's rule for "anomalous"). */
/** Points that are anomalous as the service sees them: at or above the threshold and past the settling period. */
export function anomalousPoints(points: PointView[], threshold: number): PointView[] {
  return points.filter((p) => p.anomalyScore >= threshold && !p.settling);
}

export interface SeriesChartLabels {
  value: string;
  score: string;
  threshold: string;
  anomaly: string;
}

/**
 * ECharts option for one series: values on a time axis (left axis), anomaly scores as a second
 * line on a 0–1 axis (right) with the threshold as a markLine, and every point whose score reaches
 * the threshold marked on the value line.
 */
export function buildSeriesChartOption(points: PointView[], threshold: number, labels: SeriesChartLabels) {
  const ts = (p: PointView) => Date.parse(p.timestamp);
  const flagged = anomalousPoints(points, threshold);
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.value, labels.score], top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
    dataZoom: [{ type: 'inside' }],
    xAxis: { type: 'time' },
    yAxis: [
      { type: 'value', name: labels.value, scale: true },
      { type: 'value', name: labels.score, min: 0, max: 1, position: 'right', splitLine: { show: false } },
    ],
    series: [
      {
        name: labels.value,
        type: 'line',
        yAxisIndex: 0,
        showSymbol: false,
        itemStyle: { color: VALUE_COLOR },
        data: points.map((p) => [ts(p), p.value]),
        markPoint: {
          symbol: 'circle',
          symbolSize: 9,
          itemStyle: { color: ANOMALY_COLOR },
          label: { show: false },
          data: flagged.map((p) => ({ name: labels.anomaly, coord: [ts(p), p.value], value: Math.round(p.anomalyScore * 1000) / 1000 })),
        },
      },
      {
        name: labels.score,
        type: 'line',
        yAxisIndex: 1,
        showSymbol: false,
        lineStyle: { width: 1 },
        itemStyle: { color: SCORE_COLOR },
        data: points.map((p) => [ts(p), p.anomalyScore]),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: ANOMALY_COLOR, type: 'dashed' },
          label: { formatter: `${labels.threshold} ${threshold}` },
          data: [{ name: labels.threshold, yAxis: threshold }],
        },
      },
    ],
  };
}

/** Threshold input: above 0 and at most 1 (SetSeriesThresholdValidator). */
export function parseThreshold(raw: string): { value?: number; error?: 'required' | 'number' | 'range' } {
  const s = raw.trim();
  if (!s) return { error: 'required' };
  const n = Number(s);
  if (!Number.isFinite(n)) return { error: 'number' };
  if (n <= 0 || n > 1) return { error: 'range' };
  return { value: n };
}

export const RANGES = ['24h', '7d', '30d', 'all'] as const;
export type Range = (typeof RANGES)[number];

export function rangeFrom(range: Range, now: number): string | undefined {
  const H = 3600_000;
  const span = range === '24h' ? 24 * H : range === '7d' ? 7 * 24 * H : range === '30d' ? 30 * 24 * H : 0;
  return span ? new Date(now - span).toISOString() : undefined;
}

/** Does this live event concern a series (anomaly.detected carries `data.series.id`)? */
export function eventSeriesId(data: Record<string, unknown> | null): string | null {
  const s = data?.series;
  if (s && typeof s === 'object' && 'id' in s) return String((s as { id: unknown }).id);
  return null;
}

export function seriesLabel(s: Pick<SeriesView, 'businessLine' | 'category' | 'metric'> | AnomalyView['series']): string {
  return `${s.businessLine} / ${s.category} / ${s.metric}`;
}

export function fmtNum(n: number | null | undefined, digits = 3): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return Number.isInteger(n) ? n.toLocaleString() : String(Math.round(n * 10 ** digits) / 10 ** digits);
}

/** API.md: up to 10,000 points a call. */
export const MAX_SIGNAL_POINTS = 10_000;

export type SignalCsvProblem =
  | { code: 'empty' }
  | { code: 'header' }
  | { code: 'columns'; line: number; count: number }
  | { code: 'timestamp'; line: number }
  | { code: 'value'; line: number; value: string }
  | { code: 'tooMany'; count: number; max: number };

export interface SignalCsvParse {
  count: number;
  first: string | null;
  last: string | null;
  problems: SignalCsvProblem[];
}

/**
 * Reads a `timestamp,value` CSV only to preview it (points, time span, obvious mistakes) before it
 * goes up as-is; the server parses again and names the line of anything it rejects (SignalCsv).
 */
export function parseSignalCsv(text: string): SignalCsvParse {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: SignalCsvParse = { count: 0, first: null, last: null, problems: [] };
  const unquote = (s: string) => s.trim().replace(/^"|"$/g, '').trim();
  const header = (lines[0] ?? '').split(',').map((c) => unquote(c).toLowerCase());
  if (!text.trim()) return { ...out, problems: [{ code: 'empty' }] };
  if (header.length !== 2 || header[0] !== 'timestamp' || header[1] !== 'value') return { ...out, problems: [{ code: 'header' }] };
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!raw.trim()) continue;
    const line = i + 1;
    const parts = raw.split(',');
    if (parts.length !== 2) {
      out.problems.push({ code: 'columns', line, count: parts.length });
      continue;
    }
    const [timestamp, value] = parts.map(unquote) as [string, string];
    if (!timestamp) out.problems.push({ code: 'timestamp', line });
    else if (!value || !Number.isFinite(Number(value))) out.problems.push({ code: 'value', line, value: value.slice(0, 40) });
    else {
      out.count++;
      out.first ??= timestamp;
      out.last = timestamp;
    }
  }
  if (out.count === 0 && out.problems.length === 0) out.problems.push({ code: 'empty' });
  if (out.count > MAX_SIGNAL_POINTS) out.problems.unshift({ code: 'tooMany', count: out.count, max: MAX_SIGNAL_POINTS });
  out.problems = out.problems.slice(0, 10);
  return out;
}
