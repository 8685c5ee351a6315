import { describe, expect, it } from 'vitest';
import type { BoardCard } from '../../../src/api/types';
import { affectsBoard, ageOf, breachedOverTime, categorySeverityMatrix, groupByStage } from '../../../src/features/board/board';

const card = (id: string, over: Partial<BoardCard> = {}): BoardCard => ({
  id,
  key: `INC-${id}`,
  title: `t${id}`,
  severity: 'S3',
  category: 'fraud-scam',
  stage: 'discovery',
  ownerDepartment: 'risk-ops',
  escalationLevel: 0,
  slaDueAt: null,
  slaBreached: false,
  pendingHandoffs: 0,
  ...over,
});

describe('board grouping', () => {
  it('always has the five stages in lifecycle order, empty ones included', () => {
    const cols = groupByStage({ columns: [{ stage: 'governance', incidents: [card('1', { stage: 'governance' })] }] });
    expect(cols.map((c) => c.stage)).toEqual(['discovery', 'assessment', 'escalation', 'governance', 'closure']);
    expect(cols[3]!.cards.map((c) => c.id)).toEqual(['1']);
    expect(cols[0]!.cards).toEqual([]);
  });

  it("puts a card in its own stage's column, once, and adds columns for unknown stages at the end", () => {
    const cols = groupByStage({
      columns: [
        { stage: 'discovery', incidents: [card('1', { stage: 'assessment' }), card('2')] },
        { stage: 'assessment', incidents: [card('1', { stage: 'assessment' })] },
        { stage: 'review', incidents: [card('3', { stage: 'review' })] },
      ],
    });
    expect(cols.find((c) => c.stage === 'assessment')!.cards.map((c) => c.id)).toEqual(['1']);
    expect(cols.find((c) => c.stage === 'discovery')!.cards.map((c) => c.id)).toEqual(['2']);
    expect(cols.at(-1)!.stage).toBe('review');
  });

  it('sorts cards most urgent first: breached, then severity, then nearest SLA', () => {
    const cols = groupByStage({
      columns: [
        {
          stage: 'escalation',
          incidents: [
            card('a', { stage: 'escalation', severity: 'S1', slaDueAt: '2026-01-01T12:00:00Z' }),
            card('b', { stage: 'escalation', severity: 'S4', slaBreached: true }),
            card('c', { stage: 'escalation', severity: 'S1', slaDueAt: '2026-01-01T11:00:00Z' }),
            card('d', { stage: 'escalation', severity: 'S2' }),
          ],
        },
      ],
    });
    expect(cols[2]!.cards.map((c) => c.id)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('counts open incidents by category and severity for the stacked bar', () => {
    const m = categorySeverityMatrix([
      card('1', { category: 'misinformation', severity: 'S1' }),
      card('2', { category: 'fraud-scam', severity: 'S1' }),
      card('3', { category: 'fraud-scam', severity: 'S1' }),
      card('4', { category: 'fraud-scam', severity: 'S4' }),
    ]);
    expect(m.categories).toEqual(['fraud-scam', 'misinformation']);
    expect(m.series.find((s) => s.severity === 'S1')!.data).toEqual([2, 1]);
    expect(m.series.find((s) => s.severity === 'S4')!.data).toEqual([1, 0]);
    expect(m.series.find((s) => s.severity === 'S2')!.data).toEqual([0, 0]);
  });

  it('counts breached cards by the hour of their first breach, ending at the header count', () => {
    const now = Date.parse('2026-11-21T10:30:00Z');
    const cards = [
      card('1', { slaBreached: true, firstBreachedAt: '2026-11-21T10:05:00Z' }),
      card('2', { slaBreached: true, firstBreachedAt: '2026-11-21T08:59:59Z' }),
      card('3', { slaBreached: true, firstBreachedAt: '2026-11-19T10:10:00Z' }),
      card('4', { slaBreached: true, overdueNow: true, firstBreachedAt: null }),
      card('5', { slaBreached: false, firstBreachedAt: null }),
    ];
    const b = breachedOverTime(cards, now, 24);
    expect(b).toHaveLength(24);
    expect(b.at(-1)).toEqual({ hour: Date.parse('2026-11-21T10:00:00Z'), count: 4 });
    expect(b.at(-1)!.count).toBe(cards.filter((c) => c.slaBreached).length);
    expect(b.at(-2)!.count).toBe(2);
    expect(b[0]!.count).toBe(1);
  });

  it('says a card\'s age in minutes, hours or days', () => {
    const now = Date.parse('2026-11-21T10:30:00Z');
    expect(ageOf('2026-11-21T10:00:00Z', now)).toEqual({ unit: 'minutes', value: 30 });
    expect(ageOf('2026-11-20T10:30:00Z', now)).toEqual({ unit: 'hours', value: 24 });
    expect(ageOf('2026-11-18T10:30:00Z', now)).toEqual({ unit: 'days', value: 3 });
    expect(ageOf(undefined, now)).toBeNull();
  });

  it('re-fetches on incident, handoff and SLA events only', () => {
    expect(affectsBoard('incident.escalated')).toBe(true);
    expect(affectsBoard('handoff.accepted')).toBe(true);
    expect(affectsBoard('sla.breached')).toBe(true);
    expect(affectsBoard('report.published')).toBe(false);
  });
});
