import type { ClusterRun, Paged, SampleView } from '../../api/types';

/** Share of the run's samples in a cluster, 0–1. */
export function clusterShare(size: number, sampleCount: number): number {
  return sampleCount > 0 ? Math.min(1, Math.max(0, size / sampleCount)) : 0;
}

/** Validate the K input: empty = automatic, else a whole number 1–100. */
export function parseK(raw: string): { k?: number; error?: 'integer' | 'range' } {
  const s = raw.trim();
  if (!s) return {};
  const n = Number(s);
  if (!Number.isInteger(n)) return { error: 'integer' };
  if (n < 1 || n > 100) return { error: 'range' };
  return { k: n };
}

export const LOOKUP_PAGE_SIZE = 200;
export const LOOKUP_MAX_PAGES = 10;

/**
 * Texts of the representatives of a run. The samples API is paged only (no lookup by id), so page
 * through it until every representative is found or `maxPages` pages (2,000 samples) were read.
 */
export async function lookupRepresentatives(
  run: Pick<ClusterRun, 'clusters'>,
  fetchPage: (page: number, pageSize: number) => Promise<Paged<SampleView>>,
  maxPages = LOOKUP_MAX_PAGES,
): Promise<Map<string, SampleView>> {
  const wanted = new Set(run.clusters.flatMap((c) => c.representatives));
  const found = new Map<string, SampleView>();
  for (let page = 1; page <= maxPages && found.size < wanted.size; page++) {
    const p = await fetchPage(page, LOOKUP_PAGE_SIZE);
    for (const s of p.items) if (wanted.has(s.externalId)) found.set(s.externalId, s);
    if (p.items.length < LOOKUP_PAGE_SIZE || page * LOOKUP_PAGE_SIZE >= p.total) break;
  }
  return found;
}
