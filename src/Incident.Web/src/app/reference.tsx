import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { getReference } from '../api/endpoints';
import { SEVERITIES, SOURCES, STAGES, type RefItem, type ReferenceData } from '../api/types';

const items = (xs: readonly string[]): RefItem[] => xs.map((value) => ({ value }));

// The seeded values from API.md, used until (or if) GET /api/reference answers.
export const FALLBACK_REFERENCE: ReferenceData = {
  businessLines: items(['douyin', 'tiktok-live']),
  categories: items(['minor-safety', 'fraud-scam', 'guild-violation', 'illegal-content', 'misinformation', 'low-quality-surge']),
  departments: items(['risk-ops', 'review-ops', 'live-guild-ops', 'product', 'legal', 'comms', 'data']),
  severities: items(SEVERITIES),
  sources: items(SOURCES),
  roles: items(['operator', 'partner', 'leader', 'admin']),
};

export const STAGE_ITEMS = items(STAGES);

const ReferenceContext = createContext<ReferenceData>(FALLBACK_REFERENCE);

export function ReferenceProvider({ children, load = getReference }: { children: ReactNode; load?: () => Promise<ReferenceData> }) {
  const [data, setData] = useState<ReferenceData>(FALLBACK_REFERENCE);
  useEffect(() => {
    let alive = true;
    load()
      .then((r) => {
        if (!alive) return;
        const merged = { ...FALLBACK_REFERENCE };
        for (const k of Object.keys(r) as (keyof ReferenceData)[]) if (r[k].length) merged[k] = r[k];
        setData(merged);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [load]);
  return <ReferenceContext.Provider value={data}>{children}</ReferenceContext.Provider>;
}

export function useReference(): ReferenceData {
  return useContext(ReferenceContext);
}
