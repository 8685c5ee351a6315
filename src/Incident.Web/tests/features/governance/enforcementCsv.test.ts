import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/client';
import { chunk, parseAuditItems, parseCsv, parseEnforcementCsv, parseSubjectList, parseUtc, refusedRecords } from '../../../src/features/governance/enforcementCsv';

const HEADER = 'externalId,ruleId,subjectType,subjectId,guildId,occurredAt,grave,automatedDetection,automatedDecision,decisionGround,dsaCategory,contentType,facts';

describe('enforcement CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, keeping the line a row starts on', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi"""\n\n"multi\nline",z\r\nlast,1')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['multi\nline', 'z'] },
      { line: 6, cells: ['last', '1'] },
    ]);
  });

  it('turns rows into records in the contract shape (times to UTC ISO, booleans, content types split on |)', () => {
    const p = parseEnforcementCsv(
      `${HEADER}\nE-1,GOV-2026-000001,creator,C1,G9,2026-11-21 10:00,是,1,fully,illegal-content,SCAM,text|image,"Sold fake gifts, twice"\nE-2,GOV-2026-000001,live-room,R1,,2026-11-21T18:00:00+08:00,,false,not,,,,`,
    );
    expect(p.problems).toEqual([]);
    expect(p.lines).toEqual([2, 3]);
    expect(p.records).toEqual([
      {
        externalId: 'E-1', ruleId: 'GOV-2026-000001', subject: { type: 'creator', id: 'C1', guildId: 'G9' }, occurredAt: '2026-11-21T10:00:00.000Z',
        grave: true, automatedDetection: true, automatedDecision: 'fully', decisionGround: 'illegal-content', dsaCategory: 'SCAM', contentType: ['text', 'image'], facts: 'Sold fake gifts, twice',
      },
      { externalId: 'E-2', ruleId: 'GOV-2026-000001', subject: { type: 'live-room', id: 'R1' }, occurredAt: '2026-11-21T10:00:00.000Z', grave: false, automatedDetection: false, automatedDecision: 'not' },
    ]);
  });

  it('names missing or unknown columns, and lets the rule of the page stand in for a missing ruleId', () => {
    expect(parseEnforcementCsv('externalId,subjectType,subjectId,occurredAt,automatedDetection,automatedDecision,colour\nx').problems).toEqual([
      { code: 'unknownColumns', columns: 'colour' },
      { code: 'missingColumns', columns: 'ruleId' },
    ]);
    const p = parseEnforcementCsv('externalid,subjectType,subjectId,occurredAt,automatedDetection,automatedDecision\nE-1,guild,G1,2026-11-21,true,partially', 'r7');
    expect(p.problems).toEqual([]);
    expect(p.records[0]!.ruleId).toBe('r7');
  });

  it('reports each bad line: empty required values, bad dates, types, booleans, decisions, repeats', () => {
    const p = parseEnforcementCsv(
      [
        'externalId,ruleId,subjectType,subjectId,occurredAt,automatedDetection,automatedDecision,grave',
        'E-1,r1,creator,C1,2026-02-31T10:00:00Z,true,fully,',
        'E-2,r1,streamer,C2,2026-11-21T10:00:00Z,maybe,sometimes,yes',
        ',r1,creator,,2026-11-21,true,fully,',
        'E-1,r1,creator,C3,21/11/2026,true,fully,',
        'E-5,r1,creator,C5,2026-11-21,true,fully,no,extra',
        'E-6,r1,creator,C6,2026-11-21T10:00:00Z,true,fully,0',
      ].join('\n'),
    );
    expect(p.problems).toEqual([
      { code: 'date', line: 2, value: '2026-02-31T10:00:00Z' },
      { code: 'subjectType', line: 3, value: 'streamer' },
      { code: 'bool', line: 3, column: 'automatedDetection', value: 'maybe' },
      { code: 'decision', line: 3, value: 'sometimes' },
      { code: 'missing', line: 4, column: 'externalId' },
      { code: 'missing', line: 4, column: 'subjectId' },
      { code: 'date', line: 5, value: '21/11/2026' },
      { code: 'duplicate', line: 5, id: 'E-1', first: 2 },
      { code: 'fields', line: 6 },
    ]);
    expect(p.records.map((r) => r.externalId)).toEqual(['E-6']);
    expect(p.rows).toBe(6);
  });

  it('reads UTC times strictly', () => {
    expect(parseUtc('2026-11-21')).toBe('2026-11-21T00:00:00.000Z');
    expect(parseUtc('2026-11-21T10:00:00.5-0130')).toBe('2026-11-21T11:30:00.500Z');
    expect(parseUtc('2026-11-21T25:00:00Z')).toBeNull();
    expect(parseUtc('yesterday')).toBeNull();
  });

  it('maps a refused chunk back to the upload: records[12].ruleId keys and named external ids', () => {
    const recs = Array.from({ length: 20 }, (_, i) => ({ externalId: `E-${i + 1000}` }) as never);
    const err = new ApiError(400, { errors: { 'records[12].ruleId': ['Unknown rule.'], 'records': ['Batch refused.'] }, externalIds: ['E-1003'] }, 'x');
    expect(refusedRecords(err, 1000, recs)).toEqual({
      refused: [
        { index: 1003, externalId: 'E-1003', field: null, messages: [] },
        { index: 1012, externalId: 'E-1012', field: 'ruleId', messages: ['Unknown rule.'] },
      ],
      other: ['Batch refused.'],
    });
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('audit items and subject lists', () => {
  it('reads ref,violating with an optional header and Chinese or numeric booleans', () => {
    const p = parseAuditItems('ref,violating\nE-1,true\nE-2,否\nE-3,1\nE-4,是\nE-5,FALSE');
    expect(p.problems).toEqual([]);
    expect(p.items).toEqual([
      { ref: 'E-1', violating: true },
      { ref: 'E-2', violating: false },
      { ref: 'E-3', violating: true },
      { ref: 'E-4', violating: true },
      { ref: 'E-5', violating: false },
    ]);
    expect(p.violating).toBe(3);
  });

  it('names bad audit lines', () => {
    expect(parseAuditItems('E-1,perhaps\nE-2\n,true\nE-3,0\nE-3,1').problems).toEqual([
      { code: 'bool', line: 1, column: 'violating', value: 'perhaps' },
      { code: 'columns', line: 2 },
      { code: 'missing', line: 3, column: 'ref' },
      { code: 'duplicate', line: 5, id: 'E-3', first: 4 },
    ]);
    expect(parseAuditItems('').problems).toEqual([{ code: 'empty' }]);
  });

  it('reads subjects as type,id or id alone, dropping repeats', () => {
    expect(parseSubjectList('guild,G1\nC7\nC7\nplanet,P1', 'creator')).toEqual({
      subjects: [{ type: 'guild', id: 'G1' }, { type: 'creator', id: 'C7' }],
      problems: [{ code: 'subjectType', line: 4, value: 'planet' }],
    });
  });
});
