import { SEVERITIES, STAGES, type BoardCard, type BoardView, type LiveEvent } from '../../api/types';

export interface BoardColumn {
  stage: string;
  cards: BoardCard[];
}

const sevRank = (s: string) => {
  const i = SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);
  return i < 0 ? SEVERITIES.length : i;
};

/** Most urgent first: breached, then severity, then the nearest SLA, then key. */
export function compareCards(a: BoardCard, b: BoardCard): number {
  if (a.slaBreached !== b.slaBreached) return a.slaBreached ? -1 : 1;
  const s = sevRank(a.severity) - sevRank(b.severity);
  if (s) return s;
  const da = a.slaDueAt ? Date.parse(a.slaDueAt) : Number.POSITIVE_INFINITY;
  const db = b.slaDueAt ? Date.parse(b.slaDueAt) : Number.POSITIVE_INFINITY;
  if (da !== db) return da - db;
  return a.key.localeCompare(b.key);
}

/**
 * The five lifecycle stages as columns in order, even when empty; cards the server put in a
 * column are regrouped by their own `stage` so a card never shows in the wrong place, and any
 * stage a custom workflow adds gets a column after the known ones.
 */
export function groupByStage(board: Pick<BoardView, 'columns'>): BoardColumn[] {
  const byStage = new Map<string, BoardCard[]>(STAGES.map((s) => [s, []]));
  const seen = new Set<string>();
  for (const col of board.columns ?? []) {
    for (const card of col.incidents ?? []) {
      if (seen.has(card.id)) continue;
      seen.add(card.id);
      const stage = card.stage || col.stage;
      if (!byStage.has(stage)) byStage.set(stage, []);
      byStage.get(stage)!.push(card);
    }
  }
  return [...byStage.entries()].map(([stage, cards]) => ({ stage, cards: cards.sort(compareCards) }));
}

export function allCards(columns: BoardColumn[]): BoardCard[] {
  return columns.flatMap((c) => c.cards);
}

/** Rows = categories, one series per severity (for the stacked bar). */
export function categorySeverityMatrix(cards: BoardCard[]): { categories: string[]; series: { severity: string; data: number[] }[] } {
  const categories = [...new Set(cards.map((c) => c.category))].sort();
  const series = SEVERITIES.map((severity) => ({
    severity,
    data: categories.map((cat) => cards.filter((c) => c.category === cat && c.severity === severity).length),
  }));
  return { categories, series };
}

/** `sla.breached` events per hour over the last `hours` hours ending at `now` (oldest first). */
export function breachesPerHour(events: Pick<LiveEvent, 'type' | 'occurredAt' | 'seq'>[], now: number, hours = 24): { hour: number; count: number }[] {
  const HOUR = 3600_000;
  const end = Math.floor(now / HOUR) * HOUR;
  const start = end - (hours - 1) * HOUR;
  const buckets = Array.from({ length: hours }, (_, i) => ({ hour: start + i * HOUR, count: 0 }));
  const seen = new Set<number>();
  for (const e of events) {
    if (e.type !== 'sla.breached' || seen.has(e.seq)) continue;
    seen.add(e.seq);
    const t = Date.parse(e.occurredAt);
    if (Number.isNaN(t) || t < start || t >= end + HOUR) continue;
    buckets[Math.floor((t - start) / HOUR)]!.count++;
  }
  return buckets;
}

/** Types after which the board is re-fetched. */
export function affectsBoard(type: string): boolean {
  return type.startsWith('incident.') || type.startsWith('handoff.') || type === 'sla.breached';
}
