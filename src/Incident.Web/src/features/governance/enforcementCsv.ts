// Client-side reading of the governance CSVs (enforcement records, audit items, subject lists) so a
// person sees what will be sent, and where a line is wrong, before anything goes to the server.
import { ApiError } from '../../api/client';
import { AUTOMATED_DECISIONS, SUBJECT_TYPES, type AuditItem, type AutomatedDecision, type EnforcementInput } from './enforcementTypes';

/** docs/governance.md "CSV columns", in that order. */
export const ENFORCEMENT_COLUMNS = [
  'externalId', 'ruleId', 'subjectType', 'subjectId', 'guildId', 'occurredAt', 'grave', 'automatedDetection',
  'automatedDecision', 'decisionGround', 'dsaCategory', 'contentType', 'facts',
] as const;
type Column = (typeof ENFORCEMENT_COLUMNS)[number];
const REQUIRED: Column[] = ['externalId', 'ruleId', 'subjectType', 'subjectId', 'occurredAt', 'automatedDetection', 'automatedDecision'];
const GROUNDS = ['illegal-content', 'incompatible-content'];

/** POST /api/governance/enforcements takes 1–10,000 records; smaller chunks give a progress bar that moves. */
export const CHUNK_SIZE = 1000;
export const MAX_AUDIT_ITEMS = 10_000;

export type CsvProblem =
  | { code: 'empty' }
  | { code: 'missingColumns'; columns: string }
  | { code: 'unknownColumns'; columns: string }
  | { code: 'fields'; line: number }
  | { code: 'missing'; line: number; column: string }
  | { code: 'subjectType'; line: number; value: string }
  | { code: 'date'; line: number; value: string }
  | { code: 'bool'; line: number; column: string; value: string }
  | { code: 'decision'; line: number; value: string }
  | { code: 'ground'; line: number; value: string }
  | { code: 'idLength'; line: number }
  | { code: 'duplicate'; line: number; id: string; first: number }
  | { code: 'columns'; line: number }
  | { code: 'tooMany'; count: number; max: number };

export interface CsvRow {
  line: number;
  cells: string[];
}

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. `line` is where the row starts. */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  const s = text.replace(/^\uFEFF/, '');
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0]!.trim() !== '') rows.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endRow();
      line++;
      start = line;
    } else cell += c;
  }
  if (cell !== '' || cells.length) endRow();
  return rows.map((r) => ({ line: r.line, cells: r.cells.map((x) => x.trim()) }));
}

const TRUE = ['true', '1', 'yes', 'y', '是'];
const FALSE = ['false', '0', 'no', 'n', '否'];
export function parseBool(raw: string): boolean | null {
  const v = raw.trim().toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  return null;
}

/** ISO-8601 date or date-time; a time without a zone is UTC (the contract's times are UTC). */
export function parseUtc(raw: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,7})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone = 'Z'] = m;
  const z = zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}${frac.slice(0, 4)}${z}`);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 31 February over into March: refuse what does not round-trip.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
  return new Date(ms).toISOString();
}

export interface EnforcementParse {
  records: EnforcementInput[];
  /** File line of each record (same index), to name refused records by line. */
  lines: number[];
  rows: number;
  problems: CsvProblem[];
}

export function parseEnforcementCsv(text: string, defaultRuleId?: string): EnforcementParse {
  const out: EnforcementParse = { records: [], lines: [], rows: 0, problems: [] };
  const rows = parseCsv(text);
  if (rows.length === 0) return { ...out, problems: [{ code: 'empty' }] };
  const canonical = new Map(ENFORCEMENT_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const header = rows[0]!.cells.map((h) => canonical.get(h.toLowerCase()) ?? null);
  const unknown = rows[0]!.cells.filter((h, i) => header[i] === null && h !== '');
  const required = REQUIRED.filter((c) => !(c === 'ruleId' && defaultRuleId));
  const missing = required.filter((c) => !header.includes(c));
  if (unknown.length) out.problems.push({ code: 'unknownColumns', columns: unknown.join(', ') });
  if (missing.length) out.problems.push({ code: 'missingColumns', columns: missing.join(', ') });
  if (out.problems.length) return out;

  const seen = new Map<string, number>();
  for (const row of rows.slice(1)) {
    out.rows++;
    const { line } = row;
    if (row.cells.length > header.length) {
      out.problems.push({ code: 'fields', line });
      continue;
    }
    const v = (c: Column) => {
      const i = header.indexOf(c);
      return i < 0 ? '' : (row.cells[i] ?? '');
    };
    const before = out.problems.length;
    const problem = (p: CsvProblem) => out.problems.push(p);
    const ruleId = v('ruleId') || defaultRuleId || '';
    for (const c of required) if (!(c === 'ruleId' ? ruleId : v(c))) problem({ code: 'missing', line, column: c });
    const externalId = v('externalId');
    if (externalId.length > 200) problem({ code: 'idLength', line });
    const subjectType = v('subjectType');
    if (subjectType && !(SUBJECT_TYPES as readonly string[]).includes(subjectType)) problem({ code: 'subjectType', line, value: subjectType.slice(0, 40) });
    const occurredAt = v('occurredAt') ? parseUtc(v('occurredAt')) : null;
    if (v('occurredAt') && !occurredAt) problem({ code: 'date', line, value: v('occurredAt').slice(0, 40) });
    const detection = v('automatedDetection') ? parseBool(v('automatedDetection')) : null;
    if (v('automatedDetection') && detection === null) problem({ code: 'bool', line, column: 'automatedDetection', value: v('automatedDetection').slice(0, 20) });
    const grave = v('grave') ? parseBool(v('grave')) : false;
    if (grave === null) problem({ code: 'bool', line, column: 'grave', value: v('grave').slice(0, 20) });
    const decision = v('automatedDecision');
    if (decision && !(AUTOMATED_DECISIONS as readonly string[]).includes(decision)) problem({ code: 'decision', line, value: decision.slice(0, 40) });
    const ground = v('decisionGround');
    if (ground && !GROUNDS.includes(ground)) problem({ code: 'ground', line, value: ground.slice(0, 40) });
    if (externalId) {
      const first = seen.get(externalId);
      if (first !== undefined) problem({ code: 'duplicate', line, id: externalId.slice(0, 60), first });
      else seen.set(externalId, line);
    }
    if (out.problems.length > before) continue;
    const record: EnforcementInput = {
      externalId,
      ruleId,
      subject: { type: subjectType, id: v('subjectId'), ...(v('guildId') ? { guildId: v('guildId') } : {}) },
      occurredAt: occurredAt!,
      grave: grave ?? false,
      automatedDetection: detection!,
      automatedDecision: decision as AutomatedDecision,
    };
    if (ground) record.decisionGround = ground;
    if (v('dsaCategory')) record.dsaCategory = v('dsaCategory');
    if (v('contentType')) record.contentType = v('contentType').split('|').map((x) => x.trim()).filter(Boolean);
    if (v('facts')) record.facts = v('facts');
    out.records.push(record);
    out.lines.push(line);
  }
  if (out.rows === 0) out.problems.push({ code: 'empty' });
  return out;
}

export function chunk<T>(items: T[], size = CHUNK_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface RefusedRecord {
  /** Index in the whole upload (0-based). */
  index: number;
  externalId: string | null;
  field: string | null;
  messages: string[];
}

/**
 * The records a 400/409 names, mapped from the chunk back to the whole upload: field keys such as
 * `records[12].ruleId` (or `[12]`), or a list of external ids (`externalIds`, `records`) in the problem body.
 */
export function refusedRecords(err: ApiError, chunkStart: number, chunkRecords: EnforcementInput[]): { refused: RefusedRecord[]; other: string[] } {
  const refused: RefusedRecord[] = [];
  const other: string[] = [];
  for (const [key, msgs] of Object.entries(err.errors)) {
    const m = /^(?:\$\.)?(?:records)?\[(\d+)\](?:\.(.+))?$/i.exec(key.trim());
    const i = m ? Number(m[1]) : NaN;
    if (m && i < chunkRecords.length) refused.push({ index: chunkStart + i, externalId: chunkRecords[i]!.externalId, field: m[2] ?? null, messages: msgs });
    else other.push(...msgs);
  }
  const body = (err.body && typeof err.body === 'object' ? err.body : {}) as Record<string, unknown>;
  const named = [body.externalIds, body.records, body.duplicates].find(Array.isArray) as unknown[] | undefined;
  if (named) {
    const byId = new Map(chunkRecords.map((r, i) => [r.externalId, i]));
    for (const item of named) {
      const id = typeof item === 'string' ? item : item && typeof item === 'object' ? String((item as Record<string, unknown>).externalId ?? '') : '';
      const i = byId.get(id);
      if (id && !refused.some((r) => r.externalId === id)) refused.push({ index: i === undefined ? -1 : chunkStart + i, externalId: id, field: null, messages: [] });
    }
  }
  refused.sort((a, b) => a.index - b.index);
  return { refused, other };
}

export interface AuditParse {
  items: AuditItem[];
  violating: number;
  problems: CsvProblem[];
}

/** `ref,violating` lines (header optional); violating as true/false, 1/0, yes/no or 是/否. */
export function parseAuditItems(text: string): AuditParse {
  const out: AuditParse = { items: [], violating: 0, problems: [] };
  const rows = parseCsv(text);
  const first = rows[0]?.cells.map((c) => c.toLowerCase());
  const body = first && first[0] === 'ref' && first[1] === 'violating' ? rows.slice(1) : rows;
  const seen = new Map<string, number>();
  for (const { line, cells } of body) {
    if (cells.length !== 2) {
      out.problems.push({ code: 'columns', line });
      continue;
    }
    const [ref, raw] = cells as [string, string];
    const violating = parseBool(raw);
    if (!ref) out.problems.push({ code: 'missing', line, column: 'ref' });
    else if (violating === null) out.problems.push({ code: 'bool', line, column: 'violating', value: raw.slice(0, 20) });
    else if (seen.has(ref)) out.problems.push({ code: 'duplicate', line, id: ref.slice(0, 60), first: seen.get(ref)! });
    else {
      seen.set(ref, line);
      out.items.push({ ref, violating });
      if (violating) out.violating++;
    }
  }
  if (!out.items.length && !out.problems.length) out.problems.push({ code: 'empty' });
  if (out.items.length > MAX_AUDIT_ITEMS) out.problems.unshift({ code: 'tooMany', count: out.items.length, max: MAX_AUDIT_ITEMS });
  return out;
}

/** One subject a line: `type,id`, or just `id` (then `defaultType`). Repeats are dropped. */
export function parseSubjectList(text: string, defaultType: string): { subjects: { type: string; id: string }[]; problems: CsvProblem[] } {
  const subjects: { type: string; id: string }[] = [];
  const problems: CsvProblem[] = [];
  const keys = new Set<string>();
  for (const { line, cells } of parseCsv(text)) {
    if (cells.length > 2) {
      problems.push({ code: 'columns', line });
      continue;
    }
    const [type, id] = cells.length === 2 ? (cells as [string, string]) : [defaultType, cells[0]!];
    if (!(SUBJECT_TYPES as readonly string[]).includes(type)) problems.push({ code: 'subjectType', line, value: type.slice(0, 40) });
    else if (!id) problems.push({ code: 'missing', line, column: 'id' });
    else if (!keys.has(`${type}\n${id}`)) {
      keys.add(`${type}\n${id}`);
      subjects.push({ type, id });
    }
  }
  return { subjects, problems };
}
