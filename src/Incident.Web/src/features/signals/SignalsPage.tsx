import { useCallback, useEffect, useId, useState } from 'react';
import { listAnomalies, listSeries } from '../../api/endpoints';
import type { AnomalyView, SeriesView } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { href } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents, useResync } from '../../live/useLive';
import { StatusBadge } from '../incidents/badges';
import { fmtNum, seriesLabel } from './signals';
import { SignalUploadForm } from './SignalUploadForm';

export const LIVE_DEBOUNCE_MS = 1000;

export async function allSeries(): Promise<SeriesView[]> {
  const out: SeriesView[] = [];
  for (let page = 1; page <= 20; page++) {
    const p = await listSeries(page, 200);
    out.push(...p.items);
    if (p.items.length < 200 || out.length >= p.total) break;
  }
  return out;
}

export function SeriesStatus({ status }: { status: string }) {
  const { tv } = useI18n();
  return (
    <span className={`status series-${status}`} data-testid="series-status" data-status={status}>
      {tv('seriesStatus', status)}
    </span>
  );
}

export function AnomalyTable({ anomalies, showSeries = true }: { anomalies: AnomalyView[]; showSeries?: boolean }) {
  const { t, tv, formatTime } = useI18n();
  if (!anomalies.length) return <p className="muted">{t('signals.noAnomalies')}</p>;
  return (
    <div className="table-wrap">
      <table data-testid="anomaly-list">
        <thead>
          <tr>
            <th scope="col">{t('signals.detectedAt')}</th>
            {showSeries && <th scope="col">{t('signals.series')}</th>}
            <th scope="col">{t('signals.window')}</th>
            <th scope="col">{t('signals.peakScore')}</th>
            <th scope="col">{t('signals.peakValue')}</th>
            <th scope="col">{t('signals.incident')}</th>
          </tr>
        </thead>
        <tbody>
          {anomalies.map((a) => (
            <tr key={a.id} data-testid="anomaly-row" data-anomaly-id={a.id} data-incident-id={a.incident.id} data-outcome={a.outcome}>
              <td className="small">{formatTime(a.detectedAt)}</td>
              {showSeries && (
                <td>
                  <a href={href.series(a.series.id)}>{seriesLabel(a.series)}</a>
                </td>
              )}
              <td className="small">
                {formatTime(a.windowStart)} – {formatTime(a.windowEnd)} ({t('signals.points', { count: a.points })})
              </td>
              <td className="num">{fmtNum(a.peakScore)}</td>
              <td className="num">
                {fmtNum(a.peakValue)} <span className="muted small">({t('signals.baselineShort', { value: fmtNum(a.baseline) })})</span>
              </td>
              <td>
                {tv('anomalyOutcome', a.outcome)}{' '}
                <a href={href.incident(a.incident.id)} data-testid="anomaly-incident">
                  {a.incident.key}
                </a>{' '}
                <StatusBadge status={a.incident.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SignalsPage() {
  const { t, tv, formatTime } = useI18n();
  const statusId = useId();
  const [series, setSeries] = useState<SeriesView[] | null>(null);
  const [anomalies, setAnomalies] = useState<AnomalyView[] | null>(null);
  const [anomalyTotal, setAnomalyTotal] = useState(0);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  const loadSeries = useCallback(
    () =>
      allSeries()
        .then((s) => {
          setSeries(s);
          setError(null);
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))),
    [],
  );
  const loadAnomalies = useCallback(
    () =>
      listAnomalies({ status: status || undefined, pageSize: 100 })
        .then((p) => {
          setAnomalies(p.items);
          setAnomalyTotal(p.total);
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))),
    [status],
  );
  useEffect(() => {
    void loadSeries();
  }, [loadSeries]);
  useEffect(() => {
    void loadAnomalies();
  }, [loadAnomalies]);

  const refresh = useDebounced(() => {
    void loadSeries();
    void loadAnomalies();
  }, LIVE_DEBOUNCE_MS);
  useLiveEvents((e) => {
    if (e.type === 'anomaly.detected') refresh();
  });
  useResync(refresh);

  return (
    <div className="page" data-testid="signals-page">
      <h1>{t('signals.title')}</h1>
      {error && <ErrorBox messages={[t('app.error', { message: error })]} />}
      <SignalUploadForm
        onSent={() => {
          void loadSeries();
          void loadAnomalies();
        }}
      />
      <section className="panel" aria-labelledby="sec-series">
        <h2 id="sec-series">{t('signals.seriesTitle')}</h2>
        {series && series.length === 0 && <p className="muted">{t('signals.noSeries')}</p>}
        {series && series.length > 0 && (
          <div className="table-wrap">
            <table data-testid="series-list">
              <thead>
                <tr>
                  <th scope="col">{t('field.businessLine')}</th>
                  <th scope="col">{t('field.category')}</th>
                  <th scope="col">{t('signals.metric')}</th>
                  <th scope="col">{t('signals.latest')}</th>
                  <th scope="col">{t('signals.baseline')}</th>
                  <th scope="col">{t('signals.threshold')}</th>
                  <th scope="col">{t('field.status')}</th>
                </tr>
              </thead>
              <tbody>
                {series.map((s) => (
                  <tr key={s.id} data-testid="series-row" data-series-id={s.id} data-status={s.status} className={s.status === 'anomalous' ? 'row-alert' : undefined}>
                    <td>{tv('businessLine', s.businessLine)}</td>
                    <td>{tv('category', s.category)}</td>
                    <td>
                      <a href={href.series(s.id)}>{s.metric}</a>
                    </td>
                    <td className="num">
                      {fmtNum(s.latestValue)}
                      {s.latestTimestamp && <div className="muted small">{formatTime(s.latestTimestamp)}</div>}
                    </td>
                    <td className="num">{fmtNum(s.baseline)}</td>
                    <td className="num">
                      {fmtNum(s.threshold)}
                      {s.thresholdOverridden && <span className="muted small"> ({t('signals.custom')})</span>}
                    </td>
                    <td>
                      <SeriesStatus status={s.status} />
                      {s.latestScore !== null && <div className="muted small">{t('signals.score', { score: fmtNum(s.latestScore) })}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="sec-anomalies">
        <div className="page-head">
          <h2 id="sec-anomalies">
            {t('signals.anomalies')} {anomalies && <span className="muted small">({anomalyTotal})</span>}
          </h2>
          <div className="field">
            <label htmlFor={statusId}>{t('signals.incidentStatus')}</label>
            <select id={statusId} value={status} onChange={(e) => setStatus(e.target.value)} data-testid="anomaly-status-filter">
              <option value="">{t('incidents.any')}</option>
              <option value="open">{tv('status', 'open')}</option>
              <option value="closed">{tv('status', 'closed')}</option>
            </select>
          </div>
        </div>
        {anomalies && <AnomalyTable anomalies={anomalies} />}
      </section>
    </div>
  );
}
