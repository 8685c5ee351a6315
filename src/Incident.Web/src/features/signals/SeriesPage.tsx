import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { ApiError, mapFieldErrors } from '../../api/client';
import { getSeries, getSeriesPoints, listAnomalies, setSeriesThreshold } from '../../api/endpoints';
import type { AnomalyView, PointView, SeriesView } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { Pager } from '../../app/Pager';
import { href } from '../../app/router';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents, useResync } from '../../live/useLive';
import { can, session } from '../auth/session';
import { Chart, type ChartOption } from '../board/Chart';
import { anomalousPoints, buildSeriesChartOption, eventSeriesId, fmtNum, parseThreshold, RANGES, rangeFrom, type Range } from './signals';

import { AnomalyTable, LIVE_DEBOUNCE_MS, SeriesStatus } from './SignalsPage';

const ANOMALY_PAGE_SIZE = 50;

export function SeriesPage({ id }: { id: string }) {
  const { t, tv, formatTime } = useI18n();
  const notify = useToast();
  const user = session.get()?.user ?? null;
  const thresholdId = useId();
  const rangeId = useId();
  const [series, setSeries] = useState<SeriesView | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [points, setPoints] = useState<PointView[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [anomalies, setAnomalies] = useState<AnomalyView[]>([]);
  const [anomalyPage, setAnomalyPage] = useState(1);
  const [anomalyPages, setAnomalyPages] = useState(1);
  const [range, setRange] = useState<Range>('7d');
  const [error, setError] = useState<string | null>(null);
  const [thresholdText, setThresholdText] = useState('');
  const [thresholdErr, setThresholdErr] = useState<string[] | undefined>();
  const [busy, setBusy] = useState(false);

  const loadSeries = useCallback(
    () =>
      getSeries(id)
        .then((s) => {
          setSeries(s);
          setNotFound(!s);
          if (s) setThresholdText((cur) => cur || String(s.threshold));
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))),
    [id],
  );
  const loadPoints = useCallback(
    () =>
      getSeriesPoints(id, rangeFrom(range, Date.now()))
        .then((p) => {
          setPoints(p.items ?? []);
          setTruncated(!!p.truncated);
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))),
    [id, range],
  );
  const loadAnomalies = useCallback(
    () =>
      listAnomalies({ seriesId: id, page: anomalyPage, pageSize: ANOMALY_PAGE_SIZE })
        .then((p) => {
          setAnomalies(p.items);
          setAnomalyPages(Math.max(1, Math.ceil(p.total / ANOMALY_PAGE_SIZE)));
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))),
    [id, anomalyPage],
  );
  useEffect(() => {
    void loadSeries();
    void loadAnomalies();
  }, [loadSeries, loadAnomalies]);
  useEffect(() => {
    void loadPoints();
  }, [loadPoints]);

  const refresh = useDebounced(() => {
    void loadSeries();
    void loadPoints();
    void loadAnomalies();
  }, LIVE_DEBOUNCE_MS);
  useLiveEvents((e) => {
    if (e.type === 'anomaly.detected' && (eventSeriesId(e.data) ?? id) === id) refresh();
  });
  useResync(refresh);

  const threshold = series?.threshold ?? 0.8;
  const labels = useMemo(
    () => ({ value: t('signals.value'), score: t('signals.anomalyScore'), threshold: t('signals.threshold'), anomaly: t('signals.anomaly') }),
    [t],
  );
  const option = useMemo<ChartOption>(() => buildSeriesChartOption(points, threshold, labels), [points, threshold, labels]);
  const flagged = useMemo(() => anomalousPoints(points, threshold), [points, threshold]);

  async function saveThreshold(value: number | null) {
    setBusy(true);
    setThresholdErr(undefined);
    try {
      const s = await setSeriesThreshold(id, value);
      setSeries(s);
      setThresholdText(String(s.threshold));
      notify(t('signals.thresholdSaved', { threshold: s.threshold }), 'success');
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const { byField, other } = mapFieldErrors(err.errors, ['threshold']);
        setThresholdErr(byField.threshold ?? (other.length ? other : [err.message]));
      } else notify(err instanceof Error ? err.message : String(err), 'error');
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseThreshold(thresholdText);
    if (parsed.error) {
      setThresholdErr([t(parsed.error === 'required' ? 'validation.required' : parsed.error === 'number' ? 'validation.number' : 'signals.thresholdRange')]);
      return;
    }
    void saveThreshold(parsed.value!);
  }

  if (notFound) {
    return (
      <div className="page">
        <p>
          <a href={href.signals()}>← {t('signals.back')}</a>
        </p>
        <ErrorBox messages={[t('signals.seriesNotFound')]} />
      </div>
    );
  }

  return (
    <div className="page" data-testid="series-page" data-series-id={id}>
      <p>
        <a href={href.signals()}>← {t('signals.back')}</a>
      </p>
      {error && <ErrorBox messages={[t('app.error', { message: error })]} />}
      {!series ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <>
          <div className="page-head">
            <h1>
              {tv('businessLine', series.businessLine)} · {tv('category', series.category)} · {series.metric}
            </h1>
            <SeriesStatus status={series.status} />
          </div>
          <dl className="facts panel">
            <div>
              <dt>{t('signals.latest')}</dt>
              <dd>
                {fmtNum(series.latestValue)} {series.latestTimestamp ? `(${formatTime(series.latestTimestamp)})` : ''}
              </dd>
            </div>
            <div>
              <dt>{t('signals.baseline')}</dt>
              <dd>{fmtNum(series.baseline)}</dd>
            </div>
            <div>
              <dt>{t('signals.latestScore')}</dt>
              <dd>{fmtNum(series.latestScore)}</dd>
            </div>
            <div>
              <dt>{t('signals.threshold')}</dt>
              <dd data-testid="series-threshold">
                {fmtNum(series.threshold)} {series.thresholdOverridden ? `(${t('signals.custom')})` : `(${t('signals.default')})`}
              </dd>
            </div>
            <div>
              <dt>{t('signals.pointCount')}</dt>
              <dd>{series.pointCount.toLocaleString()}</dd>
            </div>
          </dl>
        </>
      )}
      <section className="panel" aria-labelledby="sec-chart">
        <div className="page-head">
          <h2 id="sec-chart">{t('signals.chart')}</h2>
          <div className="field">
            <label htmlFor={rangeId}>{t('signals.range')}</label>
            <select id={rangeId} value={range} onChange={(e) => setRange(e.target.value as Range)} data-testid="series-range">
              {RANGES.map((r) => (
                <option key={r} value={r}>
                  {t(`signals.range.${r}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {truncated && <p className="hint">{t('signals.truncated')}</p>}
        {series && (
          <p className="hint" data-testid="series-settling">
            {series.alertsFrom
              ? points.some((p) => p.settling) && t('signals.settlingUntil', { time: formatTime(series.alertsFrom) })
              : t('signals.settlingNow')}
          </p>
        )}
        {points.length === 0 ? (
          <p className="muted">{t('signals.noPoints')}</p>
        ) : (
          <Chart option={option} label={t('signals.chartLabel', { count: points.length, anomalies: flagged.length })} testId="series-chart" />
        )}
        <details>
          <summary>{t('signals.flaggedPoints', { count: flagged.length })}</summary>
          <table data-testid="series-flagged">
            <thead>
              <tr>
                <th scope="col">{t('signals.time')}</th>
                <th scope="col">{t('signals.value')}</th>
                <th scope="col">{t('signals.anomalyScore')}</th>
              </tr>
            </thead>
            <tbody>
              {flagged.slice(-200).map((p) => (
                <tr key={p.timestamp}>
                  <td>{formatTime(p.timestamp)}</td>
                  <td className="num">{fmtNum(p.value)}</td>
                  <td className="num">{fmtNum(p.anomalyScore)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </section>
      {series && can.setThreshold(user) && (
        <section className="panel" aria-labelledby="sec-threshold">
          <h2 id="sec-threshold">{t('signals.editThreshold')}</h2>
          <form className="field-row inline-form" onSubmit={submit} noValidate data-testid="threshold-form">
            <div className={`field${thresholdErr ? ' field-invalid' : ''}`}>
              <label htmlFor={thresholdId}>{t('signals.threshold')}</label>
              <input
                id={thresholdId}
                type="number"
                min={0}
                max={1}
                step={0.01}
                value={thresholdText}
                onChange={(e) => setThresholdText(e.target.value)}
                aria-invalid={thresholdErr ? true : undefined}
                aria-describedby={`${thresholdId}-hint${thresholdErr ? ` ${thresholdId}-err` : ''}`}
                data-testid="threshold-input"
              />
              <div className="hint" id={`${thresholdId}-hint`}>
                {t('signals.thresholdHint')}
              </div>
              {thresholdErr && (
                <div className="field-error" id={`${thresholdId}-err`} data-testid="field-error-threshold">
                  {thresholdErr.join(' ')}
                </div>
              )}
            </div>
            <div className="form-buttons">
              <button type="submit" disabled={busy} data-testid="threshold-save">
                {t('app.save')}
              </button>
              {series.thresholdOverridden && (
                <button type="button" className="secondary" disabled={busy} onClick={() => void saveThreshold(null)} data-testid="threshold-reset">
                  {t('signals.resetThreshold')}
                </button>
              )}
            </div>
          </form>
        </section>
      )}
      <section className="panel" aria-labelledby="sec-series-anomalies">
        <h2 id="sec-series-anomalies">{t('signals.anomalies')}</h2>
        <AnomalyTable anomalies={anomalies} showSeries={false} />
        {anomalyPages > 1 && <Pager page={anomalyPage} pages={anomalyPages} onPage={setAnomalyPage} label={t('signals.anomalies')} />}
      </section>
    </div>
  );
}
