import type { ReactNode } from 'react';
import type { LiveEvent } from '../../api/types';
import { href } from '../../app/router';
import { useI18n, type I18n } from '../../i18n/i18n';
import { governanceEventSummary } from '../governance/governanceTimeline';
import { peopleEventSummary } from '../people/timeline';

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

const num = (v: unknown): string => (typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : v === null || v === undefined ? '—' : String(v));
const text = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v));

/** A readable line for the event types of samples, clusters, assessment, reports, monitoring and governance; null for others. */
export function eventSummary(e: Pick<LiveEvent, 'type' | 'data'>, i18n: I18n): ReactNode | null {
  const { t, tv } = i18n;
  const d = (e.data ?? {}) as Record<string, unknown>;
  switch (e.type) {
    case 'samples.attached':
      return t('timeline.samples', { count: num(d.count), total: num(d.total) });
    case 'clusters.computed':
      return t('timeline.clusters', { k: num(d.k), count: num(d.sampleCount) });
    case 'assessment.recorded':
      return t('timeline.assessment', { score: num(d.riskScore), suggested: text(d.suggestedSeverity), severity: text(d.severity) });
    case 'incident.severity-overridden':
      return t('timeline.override', { from: text(d.from), to: text(d.to), suggested: text(d.suggested), reason: text(d.reason) });
    case 'report.drafted':
    case 'report.approved':
    case 'report.published': {
      const title = text(d.title) || text(d.reportId);
      const audience = Array.isArray(d.audience) ? d.audience.map((x) => tv('department', String(x))).join(', ') : '';
      return (
        <>
          {tv('reportKind', text(d.kind))}: {d.reportId ? <a href={href.report(String(d.reportId))}>{title}</a> : title}
          {e.type === 'report.published' && audience ? ` → ${audience}` : null}
        </>
      );
    }
    case 'anomaly.detected': {
      const s = (d.series ?? {}) as Record<string, unknown>;
      return (
        <>
          {t('timeline.anomaly', {
            metric: text(s.metric),
            value: num(d.value),
            baseline: num(d.baseline),
            score: num(d.peakScore),
            outcome: tv('anomalyOutcome', text(d.outcome)),
          })}
          {s.id ? (
            <>
              {' '}
              <a href={href.series(String(s.id))}>{t('timeline.viewSeries')}</a>
            </>
          ) : null}
        </>
      );
    }
    case 'incident.lead-changed':
    case 'task.assigned':
    case 'task.unassigned':
    case 'incident.status-update':
    case 'incident.status-update-overdue':
      return peopleEventSummary(e.type, d, i18n);
    default:
      return governanceEventSummary(e.type, d, i18n);
  }
}

export function Timeline({ events }: { events: LiveEvent[] }) {
  const i18n = useI18n();
  const { t, tv, formatTime } = i18n;
  if (!events.length) return <p className="muted">{t('detail.timelineEmpty')}</p>;
  // Newest first: the operator reads what just happened.
  const ordered = [...events].reverse();
  const summaries = new Map(ordered.map((e) => [e.seq, eventSummary(e, i18n)]));
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
          {summaries.get(e.seq) != null ? (
            <p className="timeline-summary">{summaries.get(e.seq)}</p>
          ) : dataSummary(e.data).length > 0 && (
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
