import type { LiveEvent } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

/** Merge live or caught-up events into a timeline: one entry per seq, in seq order. */
export function mergeEvents(current: LiveEvent[], incoming: LiveEvent[]): LiveEvent[] {
  const bySeq = new Map<number, LiveEvent>();
  for (const e of current) bySeq.set(e.seq, e);
  for (const e of incoming) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function dataSummary(data: LiveEvent['data']): [string, string][] {
  if (!data || typeof data !== 'object') return [];
  return Object.entries(data)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .slice(0, 8)
    .map(([k, v]) => {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      return [k, text.length > 300 ? `${text.slice(0, 300)}…` : text];
    });
}

export function Timeline({ events }: { events: LiveEvent[] }) {
  const { t, tv, formatTime } = useI18n();
  if (!events.length) return <p className="muted">{t('detail.timelineEmpty')}</p>;
  // Newest first: the operator reads what just happened.
  const ordered = [...events].reverse();
  return (
    <ol className="timeline" data-testid="timeline" aria-live="polite" aria-relevant="additions">
      {ordered.map((e) => (
        <li key={e.seq} className={`timeline-item ev-${e.type.replace(/\./g, '-')}`} data-testid="timeline-item" data-seq={e.seq} data-type={e.type}>
          <div className="timeline-head">
            <strong>{tv('event', e.type)}</strong>
            <time dateTime={e.occurredAt}>{formatTime(e.occurredAt)}</time>
          </div>
          <div className="timeline-meta muted">
            {e.actor ? t('event.by', { actor: e.actor }) : null}
            {e.stage ? ` · ${tv('stage', e.stage)}` : null}
            {e.severity ? ` · ${e.severity}` : null}
          </div>
          {dataSummary(e.data).length > 0 && (
            <dl className="timeline-data">
              {dataSummary(e.data).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          )}
        </li>
      ))}
    </ol>
  );
}
