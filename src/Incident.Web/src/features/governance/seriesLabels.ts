import { useEffect, useState } from 'react';
import { listSeries } from '../../api/endpoints';
import type { SeriesView } from '../../api/types';
import type { I18n } from '../../i18n/i18n';

/** "Douyin · Fraud / scam · Violation rate": the series named by what it measures, never by id. */
export function seriesLabel(s: Pick<SeriesView, 'businessLine' | 'category' | 'metric'>, { t, tv }: Pick<I18n, 't' | 'tv'>): string {
  const appeals = /^appeals-(.+)$/.exec(s.metric);
  const metric = appeals ? t('gov.metric.appeals', { key: appeals[1]! }) : tv('gov.metric', s.metric);
  return `${tv('businessLine', s.businessLine)} · ${tv('category', s.category)} · ${metric}`;
}

/** The monitoring series (first 200), for the pickers and to name a rule's series. Empty when the role may not list them. */
export function useSeriesList(enabled = true): { series: SeriesView[]; loaded: boolean } {
  const [state, setState] = useState<{ series: SeriesView[]; loaded: boolean }>({ series: [], loaded: false });
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    listSeries(1, 200)
      .then((p) => alive && setState({ series: p.items ?? [], loaded: true }))
      .catch(() => alive && setState({ series: [], loaded: true }));
    return () => {
      alive = false;
    };
  }, [enabled]);
  return state;
}
