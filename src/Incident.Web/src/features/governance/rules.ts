// Rule form values, client-side checks mirroring docs/governance.md, server field-error mapping, formatting.
import type { User } from '../../api/types';
import type { Lang, MsgKey } from '../../i18n/i18n';
import { hasRole } from '../auth/session';
import type { IncidentRef, LadderStep, Rule, RuleContent, RuleInput } from './governanceTypes';

/** "Who may do what" of docs/governance.md; the server decides again (and the lifecycle by allowedTransitions). */
export const govCan = {
  view: (u: User | null) => hasRole(u, 'operator', 'partner', 'leader', 'admin'),
  writeRules: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin'),
  recordEnforcement: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin'),
  sendNotices: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin'),
  recordAudits: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin') || (hasRole(u, 'partner') && u?.department === 'review-ops'),
};

export interface LadderRow {
  /** React key only; never sent. */
  rowId: number;
  strike: string;
  action: string;
  durationDays: string;
}

export interface RuleFormValues {
  name: string;
  kind: string;
  businessLine: string;
  category: string;
  subjectType: string;
  characteristics: string;
  detection: string;
  ownerDepartment: string;
  implementingDepartments: string[];
  incidents: IncidentRef[];
  memberRuleIds: string[];
  signalSeriesId: string;
  controlSeriesId: string;
  ladder: LadderRow[];
  strikeWindowDays: string;
  graveStartsAtStrike: string;
  rollUpToGuild: boolean;
  /** Percent texts as typed ("-30"), sent as fractions. */
  violationRateChange: string;
  minPrecision: string;
  minCoverage: string;
  evaluationWindowDays: string;
  appealSlaHours: string;
}

export interface Problem {
  key: MsgKey;
  params?: Record<string, string | number>;
}

/** The server's limit (RuleBody.MaxLadderSteps). */
export const MAX_LADDER_STEPS = 20;

let nextRowId = 1;
export const newRow = (strike: number | string = '', action = 'warning', durationDays: number | string = ''): LadderRow => ({
  rowId: nextRowId++,
  strike: String(strike),
  action,
  durationDays: String(durationDays),
});

export function emptyValues(prefill: Partial<RuleFormValues> = {}): RuleFormValues {
  return {
    name: '',
    kind: 'rule',
    businessLine: '',
    category: '',
    subjectType: 'creator',
    characteristics: '',
    detection: 'manual-review',
    ownerDepartment: '',
    implementingDepartments: [],
    incidents: [],
    memberRuleIds: [],
    signalSeriesId: '',
    controlSeriesId: '',
    ladder: [newRow(1, 'warning')],
    strikeWindowDays: '90',
    graveStartsAtStrike: '',
    rollUpToGuild: false,
    violationRateChange: '',
    minPrecision: '',
    minCoverage: '',
    evaluationWindowDays: '28',
    appealSlaHours: '48',
    ...prefill,
  };
}

const numText = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
/** -0.3 → "-30" (what the percent inputs hold). */
export const percentText = (fraction: number | null | undefined) =>
  fraction === null || fraction === undefined ? '' : String(Math.round(fraction * 10000) / 100);

export function valuesOfRule(r: Rule): RuleFormValues {
  return {
    name: r.name ?? '',
    kind: r.kind ?? 'rule',
    businessLine: r.businessLine ?? '',
    category: r.category ?? '',
    subjectType: r.subjectType ?? '',
    characteristics: r.characteristics ?? '',
    detection: r.detection ?? '',
    ownerDepartment: r.ownerDepartment ?? '',
    implementingDepartments: [...(r.implementingDepartments ?? [])],
    incidents: r.incidents?.length ? [...r.incidents] : (r.incidentIds ?? []).map((id) => ({ id, key: '', title: '' })),
    memberRuleIds: [...(r.memberRuleIds ?? [])],
    signalSeriesId: r.signalSeriesId ?? '',
    controlSeriesId: r.controlSeriesId ?? '',
    ladder: (r.ladder ?? []).map((s) => newRow(s.strike, s.action, numText(s.durationDays))),
    strikeWindowDays: numText(r.strikeWindowDays),
    graveStartsAtStrike: numText(r.graveStartsAtStrike),
    rollUpToGuild: !!r.rollUpToGuild,
    violationRateChange: percentText(r.targets?.violationRateChange),
    minPrecision: percentText(r.targets?.minPrecision),
    minCoverage: percentText(r.targets?.minCoverage),
    evaluationWindowDays: numText(r.evaluationWindowDays),
    appealSlaHours: numText(r.appealSlaHours),
  };
}

/** "−30 %", "30", "-30%" → -0.3; "" → null. Accepts the typographic minus and a trailing %. */
export function parsePercent(text: string): { value: number | null; error?: 'number' } {
  const s = text.trim().replace(/[\u2212\u2012\u2013]/g, '-').replace(/\s*[%％]$/, '').replace(/\s+/g, '');
  if (!s) return { value: null };
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(s)) return { value: null, error: 'number' };
  const pct = Number(s.replace(',', '.'));
  return { value: Number((pct / 100).toFixed(6)) };
}

function parseInteger(text: string): { value: number | null; error?: 'integer' } {
  const s = text.trim();
  if (!s) return { value: null };
  return /^\d+$/.test(s) ? { value: Number(s) } : { value: null, error: 'integer' };
}

/** Strike numbers start at 1 and strictly increase; every row has an action; durations are whole days. */
export function checkLadder(rows: LadderRow[], required: boolean): Record<string, Problem> {
  const out: Record<string, Problem> = {};
  if (required && rows.length === 0) out.ladder = { key: 'gov.ladder.needOne' };
  if (rows.length > MAX_LADDER_STEPS) out.ladder = { key: 'gov.ladder.tooMany', params: { max: MAX_LADDER_STEPS } };
  let prev: number | null = null;
  rows.forEach((row, i) => {
    const s = parseInteger(row.strike);
    if (s.error || (s.value !== null && s.value < 1)) out[`ladder[${i}].strike`] = { key: 'validation.integer' };
    else if (s.value === null) out[`ladder[${i}].strike`] = { key: 'validation.required' };
    else if (i === 0 && s.value !== 1) out[`ladder[${i}].strike`] = { key: 'gov.ladder.firstIsOne' };
    else if (prev !== null && s.value <= prev) out[`ladder[${i}].strike`] = { key: 'gov.ladder.increase', params: { prev } };
    if (s.value !== null && !s.error) prev = s.value;
    if (!row.action) out[`ladder[${i}].action`] = { key: 'validation.required' };
    const d = parseInteger(row.durationDays);
    if (d.error || d.value === 0) out[`ladder[${i}].durationDays`] = { key: 'gov.form.positiveDays' };
  });
  return out;
}

export function checkValues(v: RuleFormValues): Record<string, Problem> {
  const out: Record<string, Problem> = {};
  for (const f of ['name', 'businessLine', 'category', 'subjectType', 'detection', 'characteristics'] as const)
    if (!v[f].trim()) out[f] = { key: 'validation.required' };
  if (v.name.trim().length > 200) out.name = { key: 'validation.maxLength', params: { max: 200 } };
  if (v.kind === 'strategy' && v.memberRuleIds.length === 0) out.memberRuleIds = { key: 'gov.form.needMember' };
  Object.assign(out, checkLadder(v.ladder, v.kind === 'rule'));
  for (const f of ['strikeWindowDays', 'evaluationWindowDays', 'appealSlaHours'] as const) {
    const n = parseInteger(v[f]);
    if (n.error || n.value === 0) out[f] = { key: 'validation.integer' };
    else if (n.value === null) out[f] = { key: 'validation.required' };
  }
  const g = parseInteger(v.graveStartsAtStrike);
  const top = Math.max(0, ...v.ladder.map((r) => parseInteger(r.strike).value ?? 0));
  if (g.error || g.value === 0) out.graveStartsAtStrike = { key: 'validation.integer' };
  else if (g.value !== null && top > 0 && g.value > top) out.graveStartsAtStrike = { key: 'gov.form.graveRange', params: { top } };
  const change = parsePercent(v.violationRateChange);
  if (change.error) out['targets.violationRateChange'] = { key: 'validation.number' };
  else if (change.value !== null && (change.value < -1 || change.value > 10)) out['targets.violationRateChange'] = { key: 'gov.form.changeRange' };
  for (const f of ['minPrecision', 'minCoverage'] as const) {
    const p = parsePercent(v[f]);
    if (p.error) out[`targets.${f}`] = { key: 'validation.number' };
    else if (p.value !== null && (p.value < 0 || p.value > 1)) out[`targets.${f}`] = { key: 'gov.form.shareRange' };
  }
  return out;
}

/** The request body; call after checkValues found nothing. */
export function toRuleInput(v: RuleFormValues): RuleInput {
  const int = (s: string) => parseInteger(s).value;
  const body: RuleInput = {
    name: v.name.trim(),
    kind: v.kind,
    businessLine: v.businessLine,
    category: v.category,
    subjectType: v.subjectType,
    characteristics: v.characteristics,
    detection: v.detection,
    implementingDepartments: [...v.implementingDepartments],
    incidentIds: v.incidents.map((i) => i.id),
    signalSeriesId: v.signalSeriesId || null,
    controlSeriesId: v.controlSeriesId || null,
    ladder: v.ladder.map((r): LadderStep => {
      const d = int(r.durationDays);
      return d === null ? { strike: int(r.strike)!, action: r.action } : { strike: int(r.strike)!, action: r.action, durationDays: d };
    }),
    strikeWindowDays: int(v.strikeWindowDays) ?? 90,
    graveStartsAtStrike: int(v.graveStartsAtStrike),
    rollUpToGuild: v.rollUpToGuild,
    targets: {},
    evaluationWindowDays: int(v.evaluationWindowDays) ?? 28,
    appealSlaHours: int(v.appealSlaHours) ?? 48,
  };
  if (v.ownerDepartment) body.ownerDepartment = v.ownerDepartment;
  if (v.kind === 'strategy') body.memberRuleIds = [...v.memberRuleIds];
  const change = parsePercent(v.violationRateChange).value;
  const precision = parsePercent(v.minPrecision).value;
  const coverage = parsePercent(v.minCoverage).value;
  if (change !== null) body.targets.violationRateChange = change;
  if (precision !== null) body.targets.minPrecision = precision;
  if (coverage !== null) body.targets.minCoverage = coverage;
  return body;
}

// ---- ladder rows ----

export function moveRow(rows: LadderRow[], index: number, by: -1 | 1): LadderRow[] {
  const to = index + by;
  if (to < 0 || to >= rows.length) return rows;
  const next = [...rows];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

/** A new step one strike past the last one, with the next harsher action. */
export function appendRow(rows: LadderRow[], actions: readonly string[]): LadderRow[] {
  const last = rows[rows.length - 1];
  const lastStrike = last ? Number(last.strike) : 0;
  const lastAction = last ? actions.indexOf(last.action) : -1;
  const action = actions[Math.min(actions.length - 1, lastAction + 1)] ?? actions[0]!;
  return [...rows, newRow(Number.isInteger(lastStrike) ? lastStrike + 1 : '', action)];
}

// ---- server field errors ----

export const RULE_FIELDS = [
  'name', 'kind', 'businessLine', 'category', 'subjectType', 'characteristics', 'detection', 'ownerDepartment',
  'implementingDepartments', 'incidentIds', 'memberRuleIds', 'signalSeriesId', 'controlSeriesId', 'ladder',
  'strikeWindowDays', 'graveStartsAtStrike', 'rollUpToGuild', 'targets', 'evaluationWindowDays', 'appealSlaHours',
] as const;
const TARGET_FIELDS = ['violationRateChange', 'minPrecision', 'minCoverage'];
const STEP_FIELDS = ['strike', 'action', 'durationDays'];

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** `$.Ladder[1].Strike` → `ladder[1].strike`; `Targets.MinPrecision` → `targets.minPrecision`. */
export function errorPath(key: string): string | null {
  const k = key.trim().replace(/^\$\.?/, '').replace(/^(input|body|request)\./i, '');
  const segs = k.split('.').filter(Boolean).map(lowerFirst);
  const head = segs[0] ?? '';
  const step = /^ladder\[(\d+)\]$/i.exec(head);
  if (step) {
    const f = STEP_FIELDS.find((s) => s.toLowerCase() === (segs[1] ?? '').toLowerCase());
    return f ? `ladder[${step[1]}].${f}` : `ladder[${step[1]}]`;
  }
  const base = head.replace(/\[\d+\]$/, '');
  const field = RULE_FIELDS.find((f) => f.toLowerCase() === base.toLowerCase());
  if (!field) return null;
  if (field === 'targets') {
    const t = TARGET_FIELDS.find((s) => s.toLowerCase() === (segs[1] ?? '').toLowerCase());
    return t ? `targets.${t}` : 'targets';
  }
  if (field === 'incidentIds') return 'incidents';
  return field;
}

/** A 400's `errors` by form path (shown next to the field), the rest as plain messages. */
export function mapRuleErrors(errors: Record<string, string[]>): { byPath: Record<string, string[]>; other: string[] } {
  const byPath: Record<string, string[]> = {};
  const other: string[] = [];
  for (const [key, msgs] of Object.entries(errors)) {
    const path = errorPath(key);
    if (path) byPath[path] = [...(byPath[path] ?? []), ...msgs];
    else other.push(...msgs);
  }
  return { byPath, other };
}

// ---- formatting ----

/** -0.3 → "−30 %" (en) / "−30%" (zh-CN); `signed` adds "+" to rises. */
export function fmtPercent(fraction: number | null | undefined, lang: Lang, signed = false): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  const pct = Math.round(fraction * 1000) / 10;
  const abs = Math.abs(pct);
  const sign = pct < 0 ? '\u2212' : signed && pct > 0 ? '+' : '';
  return `${sign}${Number.isInteger(abs) ? abs : abs.toFixed(1)}${lang === 'en' ? '\u00a0%' : '%'}`;
}

type Tr = (key: MsgKey, params?: Record<string, string | number>) => string;
type Tv = (prefix: string, value: string | null | undefined, fallback?: string) => string;

/** "Strike 2 → Traffic limit for 7 days". */
export function describeStep(s: LadderStep, t: Tr, tv: Tv): string {
  const action = tv('gov.action', s.action);
  return s.durationDays
    ? t('gov.ladder.stepFor', { strike: s.strike, action, count: s.durationDays })
    : t('gov.ladder.step', { strike: s.strike, action });
}

export function incidentLabel(i: IncidentRef): string {
  return [i.key, i.title].filter(Boolean).join(' ');
}

export type ContentField = keyof RuleContent;
