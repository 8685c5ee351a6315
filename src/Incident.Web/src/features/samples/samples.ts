import type { SampleInput } from '../../api/types';

// Client-side reading of a sample upload, only to preview it (count, first rows, obvious mistakes)
// before sending. The server validates again and has the last word; a CSV goes up as-is.

export const MAX_SAMPLES = 20_000;
export const PREVIEW_ROWS = 5;

export type SampleProblem =
  | { code: 'empty' }
  | { code: 'badJson'; message: string }
  | { code: 'notArray' }
  | { code: 'missingField'; row: number; field: 'externalId' | 'text' }
  | { code: 'duplicate'; row: number; id: string }
  | { code: 'missingColumns'; columns: string }
  | { code: 'extraFields'; line: number }
  | { code: 'tooMany'; count: number; max: number };

export interface SampleParse {
  format: 'json' | 'csv';
  /** Samples found (rows with content). */
  count: number;
  preview: { externalId: string; text: string }[];
  problems: SampleProblem[];
  /** What to send: the array for JSON, the original text for CSV. */
  body: SampleInput[] | string;
}

/** JSON when the file is named .json or starts with `[`; CSV otherwise. */
export function detectFormat(fileName: string | null, text: string): 'json' | 'csv' {
  const name = (fileName ?? '').toLowerCase();
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.csv')) return 'csv';
  return text.trimStart().startsWith('[') ? 'json' : 'csv';
}

export function parseSampleText(text: string, format: 'json' | 'csv'): SampleParse {
  return format === 'json' ? parseJsonSamples(text) : parseCsvSamples(text);
}

export function parseSampleFile(fileName: string | null, text: string): SampleParse {
  return parseSampleText(text, detectFormat(fileName, text));
}

const MAX_LISTED = 10;

function finish(p: SampleParse): SampleParse {
  if (p.count > MAX_SAMPLES) p.problems.unshift({ code: 'tooMany', count: p.count, max: MAX_SAMPLES });
  p.problems = p.problems.slice(0, MAX_LISTED);
  return p;
}

export function parseJsonSamples(text: string): SampleParse {
  const out: SampleParse = { format: 'json', count: 0, preview: [], problems: [], body: [] };
  if (!text.trim()) return { ...out, problems: [{ code: 'empty' }] };
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ...out, problems: [{ code: 'badJson', message: e instanceof Error ? e.message : String(e) }] };
  }
  if (!Array.isArray(raw)) return { ...out, problems: [{ code: 'notArray' }] };
  const samples: SampleInput[] = [];
  const seen = new Set<string>();
  raw.forEach((item, i) => {
    const o = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
    const id = typeof o.externalId === 'number' ? String(o.externalId) : typeof o.externalId === 'string' ? o.externalId.trim() : '';
    const txt = typeof o.text === 'string' ? o.text : '';
    if (!id) out.problems.push({ code: 'missingField', row: i + 1, field: 'externalId' });
    if (!txt.trim()) out.problems.push({ code: 'missingField', row: i + 1, field: 'text' });
    if (id && seen.has(id)) out.problems.push({ code: 'duplicate', row: i + 1, id });
    if (id) seen.add(id);
    samples.push({ ...(o as object), externalId: id, text: txt } as SampleInput);
  });
  out.body = samples;
  out.count = samples.length;
  out.preview = samples.slice(0, PREVIEW_ROWS).map((s) => ({ externalId: s.externalId, text: s.text }));
  if (out.count === 0) out.problems.push({ code: 'empty' });
  return finish(out);
}

/** RFC 4180 records: quoted fields, doubled quotes, CRLF or LF; each with its 1-based starting line. */
export function csvRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    any = true;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\r' && src[i + 1] === '\n') {
      continue;
    } else if (c === '\n' || c === '\r') {
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = '';
      any = false;
      line++;
      start = line;
    } else field += c;
  }
  if (any || fields.length > 0 || field) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records;
}

export function parseCsvSamples(text: string): SampleParse {
  const out: SampleParse = { format: 'csv', count: 0, preview: [], problems: [], body: text };
  const records = csvRecords(text);
  if (records.length === 0 || !text.trim()) return { ...out, problems: [{ code: 'empty' }] };
  const header = records[0]!.fields.map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const missing = ['externalId', 'text'].filter((h) => !lower.includes(h.toLowerCase()));
  if (missing.length) return { ...out, problems: [{ code: 'missingColumns', columns: missing.join(', ') }] };
  const idIx = lower.indexOf('externalid');
  const textIx = lower.indexOf('text');
  const seen = new Set<string>();
  let row = 0;
  for (const r of records.slice(1)) {
    if (r.fields.length === 1 && r.fields[0] === '') continue; // blank line
    row++;
    if (r.fields.length > header.length) out.problems.push({ code: 'extraFields', line: r.line });
    const id = (r.fields[idIx] ?? '').trim();
    const txt = r.fields[textIx] ?? '';
    if (!id) out.problems.push({ code: 'missingField', row, field: 'externalId' });
    if (!txt.trim()) out.problems.push({ code: 'missingField', row, field: 'text' });
    if (id && seen.has(id)) out.problems.push({ code: 'duplicate', row, id });
    if (id) seen.add(id);
    if (out.preview.length < PREVIEW_ROWS) out.preview.push({ externalId: id, text: txt });
  }
  out.count = row;
  if (row === 0) out.problems.push({ code: 'empty' });
  return finish(out);
}
