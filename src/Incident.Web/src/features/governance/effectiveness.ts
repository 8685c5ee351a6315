// Figures and chart options of the effectiveness panel, as pure functions (ADR-0014 methods are the
// server's; this only shows them). No echarts import here: the chart itself is a lazy chunk.
import type { Effectiveness } from './enforcementTypes';

export const RATE_COLOR = '#0b5cad';
export const CONTROL_COLOR = '#6a4c93';
export const LAUNCH_COLOR = '#1c2430';
export const BEFORE_COLOR = '#8a5300';
export const AFTER_COLOR = '#1b6e35';
export const TARGET_COLOR = '#b71c1c';
export const FILED_COLOR = '#0b5cad';
export const OVERTURNED_COLOR = '#b71c1c';

/** At least this many days after launch before the server judges (docs/governance.md "meetsTargets"). */
export const MIN_DAYS_AFTER = 7;

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** A share as a percentage ("96.1%"); `signed` puts a real minus or a plus in front ("−34%", "+5%"). */
export function pct(x: number | null | undefined, lang: string, signed = false, digits = 1): string {
  if (!isNum(x)) return '—';
  const n = new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(Math.abs(x) * 100);
  const zero = n === '0';
  const sign = zero ? '' : x < 0 ? '−' : signed ? '+' : '';
  return `${sign}${n}%`;
}

export function num(x: number | null | undefined, lang: string, digits = 2): string {
  if (!isNum(x)) return '—';
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(x);
}

export function hasCi(ci: unknown): ci is [number, number] {
  return Array.isArray(ci) && ci.length === 2 && isNum(ci[0]) && isNum(ci[1]);
}

/** "2026-10" → "October 2026" / "2026年10月". */
export function formatMonth(cohort: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(cohort);
  if (!m) return cohort;
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

export function formatDay(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** Why the server cannot judge yet (meetsTargets null), in codes the panel translates. */
export type NotEnough = 'notLaunched' | 'tooSoon' | 'noSeries' | 'noPrecisionAudit' | 'noCoverageAudit';
export function notEnoughReasons(e: Effectiveness): NotEnough[] {
  const out: NotEnough[] = [];
  if (!e.launchedAt) return ['notLaunched'];
  const elapsed = e.window?.afterElapsedDays;
  const afterDays = e.violationRate?.afterDays;
  const days = isNum(elapsed) ? elapsed : isNum(afterDays) ? afterDays : e.measuredAt ? (Date.parse(e.measuredAt) - Date.parse(e.launchedAt)) / 86_400_000 : null;
  const checks = e.checks ?? [];
  // The week guards the violation rate and a rule without targets; precision and coverage wait only for their audits.
  const waitsAWeek = checks.length === 0 || checks.some((c) => c.target === 'violationRateChange');
  if (waitsAWeek && days !== null && days < MIN_DAYS_AFTER) out.push('tooSoon');
  if (checks.some((c) => c.target === 'violationRateChange' && !isNum(c.value)) && !isNum(e.violationRate?.change)) out.push('noSeries');
  if (checks.some((c) => c.target === 'minPrecision' && !isNum(c.value))) out.push('noPrecisionAudit');
  if (checks.some((c) => c.target === 'minCoverage' && !isNum(c.value))) out.push('noCoverageAudit');
  return out;
}

const dayOf = (iso: string) => iso.slice(0, 10);

/** Every UTC day from the first to the last (inclusive), so gaps in the series stay gaps on the axis. */
export function dayRange(first: string, last: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${dayOf(last)}T00:00:00Z`);
  for (let t = Date.parse(`${dayOf(first)}T00:00:00Z`); t <= end && out.length < 3660; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const clampDay = (d: string, days: string[]) => (d < days[0]! ? days[0]! : d > days[days.length - 1]! ? days[days.length - 1]! : d);

export interface ViolationChartLabels {
  rate: string;
  control: string;
  launch: string;
  before: string;
  after: string;
}

/**
 * The violation-rate daily series on a day axis, the launch day as a vertical markLine and the
 * before/after means as horizontal segments over their windows; the control series when there is one.
 */
export function buildViolationOption(e: Effectiveness, labels: ViolationChartLabels) {
  const vr = e.violationRate;
  const daily = [...(vr?.daily ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  const launch = e.launchedAt ? dayOf(e.launchedAt) : null;
  const ends = [daily[0]?.date, daily[daily.length - 1]?.date, launch, e.window?.before.from, e.window?.after.to].filter((x): x is string => !!x).map(dayOf).sort();
  const days = ends.length ? dayRange(ends[0]!, ends[ends.length - 1]!) : [];
  // The launch day has a value in each window: the line shows the after one (it starts the new level).
  const byDay = new Map<string, (typeof daily)[number]>();
  for (const d of daily) if (!byDay.has(dayOf(d.date)) || d.window !== 'before') byDay.set(dayOf(d.date), d);
  const hasControl = daily.some((d) => isNum(d.control));
  const segment = (name: string, color: string, from: string | undefined, to: string | undefined, y: number | null | undefined) =>
    from && to && isNum(y) && days.length
      ? [[
          { name, coord: [clampDay(dayOf(from), days), y], lineStyle: { color, width: 3, type: 'solid' }, label: { show: true, formatter: name, position: 'insideStartTop' } },
          { coord: [clampDay(dayOf(to), days), y] },
        ]]
      : [];
  const w = e.window;
  const markData: unknown[] = [
    ...(launch && days.length ? [{ name: labels.launch, xAxis: clampDay(launch, days), lineStyle: { color: LAUNCH_COLOR, type: 'dashed', width: 2 }, label: { formatter: labels.launch } }] : []),
    ...segment(labels.before, BEFORE_COLOR, w?.before.from ?? days[0], w?.before.to ?? launch ?? undefined, vr?.before),
    ...segment(labels.after, AFTER_COLOR, w?.after.from ?? launch ?? undefined, w?.after.to ?? days[days.length - 1], vr?.after),
  ];
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { data: hasControl ? [labels.rate, labels.control] : [labels.rate], top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: 'category', data: days, axisLabel: { formatter: (d: string) => d.slice(5) } },
    yAxis: { type: 'value', scale: true, name: labels.rate },
    series: [
      {
        name: labels.rate,
        type: 'line',
        showSymbol: false,
        connectNulls: false,
        itemStyle: { color: RATE_COLOR },
        data: days.map((d) => byDay.get(d)?.value ?? null),
        markLine: { symbol: 'none', silent: true, data: markData },
      },
      ...(hasControl
        ? [{
            name: labels.control,
            type: 'line',
            showSymbol: false,
            lineStyle: { type: 'dashed' },
            itemStyle: { color: CONTROL_COLOR },
            data: days.map((d) => byDay.get(d)?.control ?? null),
          }]
        : []),
    ],
  };
}

export interface IntervalItem {
  label: string;
  value: number | null;
  ci: [number, number] | null;
  goal: number | null;
}

/** Proportions as points with 95 % whiskers (markLine segments with caps) and their target as a dashed segment. */
export function buildIntervalOption(items: IntervalItem[], labels: { value: string; target: string }, lang: string) {
  const seg = (a: [number, number], b: [number, number], style: Record<string, unknown>, label?: string) => [
    { coord: a, lineStyle: style, label: label ? { show: true, formatter: label, position: 'end' } : { show: false } },
    { coord: b },
  ];
  const bar = { color: LAUNCH_COLOR, width: 2, type: 'solid' };
  const marks = items.flatMap((it, i) => [
    ...(it.ci ? [seg([i, it.ci[0]], [i, it.ci[1]], bar), seg([i - 0.08, it.ci[0]], [i + 0.08, it.ci[0]], bar), seg([i - 0.08, it.ci[1]], [i + 0.08, it.ci[1]], bar)] : []),
    ...(isNum(it.goal) ? [seg([i - 0.3, it.goal], [i + 0.3, it.goal], { color: TARGET_COLOR, width: 2, type: 'dashed' }, `${labels.target} ${pct(it.goal, lang)}`)] : []),
  ]);
  return {
    animation: false,
    tooltip: { trigger: 'item' },
    grid: { left: 8, right: 90, bottom: 8, top: 24, containLabel: true },
    xAxis: {
      type: 'value',
      min: -0.5,
      max: items.length - 0.5,
      splitLine: { show: false },
      axisTick: { customValues: items.map((_, i) => i) },
      axisLabel: { customValues: items.map((_, i) => i), formatter: (v: number) => (Number.isInteger(v) ? (items[v]?.label ?? '') : '') },
    },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => pct(v, lang, false, 0) } },
    series: [
      {
        name: labels.value,
        type: 'scatter',
        symbolSize: 12,
        itemStyle: { color: RATE_COLOR },
        data: items.flatMap((it, i) => (isNum(it.value) ? [[i, it.value]] : [])),
        markLine: { symbol: 'none', silent: true, data: marks },
      },
    ],
  };
}

/** Appeals filed and overturned per day, as grouped bars. */
export function buildAppealsOption(daily: { date: string; filed: number; overturned: number }[], labels: { filed: string; overturned: string }) {
  const sorted = [...daily].sort((a, b) => a.date.localeCompare(b.date));
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.filed, labels.overturned], top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: 'category', data: sorted.map((d) => dayOf(d.date)), axisLabel: { formatter: (d: string) => d.slice(5) } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: labels.filed, type: 'bar', itemStyle: { color: FILED_COLOR }, data: sorted.map((d) => d.filed) },
      { name: labels.overturned, type: 'bar', itemStyle: { color: OVERTURNED_COLOR }, data: sorted.map((d) => d.overturned) },
    ],
  };
}
