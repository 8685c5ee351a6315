
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
