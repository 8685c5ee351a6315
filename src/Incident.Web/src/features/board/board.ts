import { SEVERITIES, STAGES, type BoardCard, type BoardView } from '../../api/types';

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

/**
 * Breached incidents on the board over the last `hours` hours ending at `now` (oldest first): at each hour's end,
 * the cards whose first breach had happened by then. The last point is the header's count (API.md "Board").
 */
export function breachedOverTime(
  cards: Pick<BoardCard, 'slaBreached' | 'firstBreachedAt'>[],
  now: number,
  hours = 24,
): { hour: number; count: number }[] {
  const HOUR = 3600_000;
  const end = Math.floor(now / HOUR) * HOUR;
  const start = end - (hours - 1) * HOUR;
  const breachedAt = cards
    .filter((c) => c.slaBreached)
    .map((c) => (c.firstBreachedAt ? Date.parse(c.firstBreachedAt) : now))
    .map((t) => (Number.isNaN(t) ? now : t));
  return Array.from({ length: hours }, (_, i) => {
    const hour = start + i * HOUR;
    const until = i === hours - 1 ? Math.max(now, hour + HOUR) : hour + HOUR;
    return { hour, count: breachedAt.filter((t) => t <= until).length };
  });
}

/** How long ago `openedAt` was, in whole minutes, hours or days (for the cards' age). */
export function ageOf(openedAt: string | undefined, now: number): { unit: 'minutes' | 'hours' | 'days'; value: number } | null {
  const t = openedAt ? Date.parse(openedAt) : NaN;
  if (Number.isNaN(t)) return null;
  const minutes = Math.max(0, Math.floor((now - t) / 60_000));
  if (minutes < 60) return { unit: 'minutes', value: minutes };
  if (minutes < 48 * 60) return { unit: 'hours', value: Math.floor(minutes / 60) };
  return { unit: 'days', value: Math.floor(minutes / (24 * 60)) };
}

/** Types after which the board is re-fetched. */
export function affectsBoard(type: string): boolean {
  return type.startsWith('incident.') || type.startsWith('handoff.') || type === 'sla.breached';
}
