import { lazy, Suspense, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { ApiError } from '../../api/client';
import { ErrorBox } from '../../app/forms';
import { useI18n, type MsgKey } from '../../i18n/i18n';
import { useDebounced, useLiveEvents } from '../../live/useLive';
import { buildAppealsOption, buildIntervalOption, buildViolationOption, formatDay, hasCi, MIN_DAYS_AFTER, notEnoughReasons, num, pct } from './effectiveness';
import { EffectivenessFigures } from './EffectivenessFigures';
import { getEffectiveness } from './enforcementApi';
import { problemText } from './enforcementLabels';
import type { Effectiveness } from './enforcementTypes';

// echarts comes with the chart only (its own chunk), like the signals and board charts.
const GovChart = lazy(() => import('./GovChart').then((m) => ({ default: m.GovChart })));

/** Effectiveness of a rule's enforcing (or latest launched) version against its targets. */
export function EffectivenessPanel({ ruleId }: { ruleId: string }) {
  const { t, lang, formatTime } = useI18n();
  const headingId = useId();
  const [data, setData] = useState<Effectiveness | null>(null);
  const [none, setNone] = useState(false);
  const [error, setError] = useState<string[]>([]);

  const load = useCallback(
    () =>
      getEffectiveness(ruleId)
        .then((e) => {
          setData(e);
          setNone(false);
          setError([]);
        })
        .catch((err: unknown) => {
          if (err instanceof ApiError && (err.status === 404 || err.status === 409)) setNone(true);
          else setError(problemText(err, t));
        }),
    [ruleId, t],
  );
  useEffect(() => void load(), [load]);
  const reload = useDebounced(() => void load(), 1000);
  useLiveEvents((e) => {
    const about = e.data?.ruleId;
    if ((e.type.startsWith('governance.') || e.type.startsWith('appeal.')) && (!about || about === ruleId)) reload();
  });

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="effectiveness-panel" data-verdict={data?.verdict}>
      <div className="page-head">
        <h2 id={headingId}>{t('gov.effect.title')}</h2>
        <button type="button" className="secondary" onClick={() => void load()}>
          {t('gov.effect.refresh')}
        </button>
      </div>
      <ErrorBox messages={error} />
      {none && <p className="muted" data-testid="effectiveness-none">{t('gov.effect.none')}</p>}
      {!data && !none && !error.length && <p className="muted">{t('app.loading')}</p>}
      {data && (
        <>
          <p className="muted small">
            {data.versionStatus === 'shadow' && data.shadowAt
              ? t('gov.effect.metaShadow', { version: data.version, since: formatDay(data.shadowAt, lang), measured: formatTime(data.measuredAt) })
              : t('gov.effect.meta', {
                  version: data.version,
                  launched: data.launchedAt ? formatDay(data.launchedAt, lang) : t('gov.effect.notLaunched'),
                  measured: formatTime(data.measuredAt),
                })}
          </p>
          <Verdict data={data} />
          <Checks data={data} />
          <Charts data={data} />
          <EffectivenessFigures data={data} />
        </>
      )}
    </section>
  );
}

function Verdict({ data }: { data: Effectiveness }) {
  const { t } = useI18n();
  const reasons = data.meetsTargets === null ? notEnoughReasons(data) : [];
  const mark = data.verdict === 'meets' ? '✓' : data.verdict === 'regresses' ? '✗' : '…';
  return (
    <div className={`gov-verdict gov-verdict-${data.verdict}`} data-testid="effectiveness-verdict" data-meets={String(data.meetsTargets)}>
      <strong>
        <span aria-hidden="true">{mark} </span>
        {t(`gov.effect.verdict.${data.verdict}` as MsgKey)}
      </strong>
      {data.meetsTargets === null && (
        <div data-testid="effectiveness-not-enough">
          {t('gov.effect.notEnoughYet', {
            why: reasons.length ? reasons.map((r) => t(`gov.effect.reason.${r}` as MsgKey, { days: MIN_DAYS_AFTER })).join(t('gov.effect.listSep')) : t('gov.effect.reason.unknown'),
          })}
        </div>
      )}
    </div>
  );
}

function Checks({ data }: { data: Effectiveness }) {
  const { t, tv, lang } = useI18n();
  const checks = data.checks ?? [];
  if (!checks.length) return <p className="muted">{t('gov.effect.noChecks')}</p>;
  return (
    <>
      <h3>{t('gov.effect.checks')}</h3>
      <ul className="gov-checks" data-testid="effectiveness-checks">
        {checks.map((c) => {
          const signed = c.target === 'violationRateChange';
          const goal = t(signed ? 'gov.effect.goal.atMost' : 'gov.effect.goal.atLeast', { goal: pct(c.goal, lang, signed) });
          return (
            <li key={c.target} data-testid="effectiveness-check" data-target={c.target} data-status={c.status}>
              {tv('gov.effect.target', c.target)}: {goal} · {t('gov.effect.now', { value: c.value === null ? t('gov.effect.noValue') : pct(c.value, lang, signed) })}{' '}
              <span className={`status gov-check-${c.status}`}>{tv('gov.effect.checkStatus', c.status)}</span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function Charts({ data }: { data: Effectiveness }) {
  const { t, lang } = useI18n();
  const daily = data.violationRate?.daily ?? [];
  const appeals = data.appealsDaily ?? [];
  const violation = useMemo(
    () =>
      buildViolationOption(data, {
        rate: t('gov.effect.series.rate'),
        control: t('gov.effect.series.control'),
        launch: t('gov.effect.series.launch'),
        before: t('gov.effect.series.before'),
        after: t('gov.effect.series.after'),
      }),
    [data, t],
  );
  const intervals = useMemo(() => {
    const goal = (target: string) => data.checks?.find((c) => c.target === target)?.goal ?? null;
    return buildIntervalOption(
      [
        { label: t('gov.effect.target.minPrecision'), value: data.precision?.value ?? null, ci: hasCi(data.precision?.ci95) ? data.precision!.ci95 : null, goal: goal('minPrecision') },
        { label: t('gov.effect.target.minCoverage'), value: data.coverage?.value ?? null, ci: hasCi(data.coverage?.ci95) ? data.coverage!.ci95 : null, goal: goal('minCoverage') },
      ],
      { value: t('gov.effect.series.value'), target: t('gov.effect.series.target') },
      lang,
    );
  }, [data, t, lang]);
  const appealsOption = useMemo(() => buildAppealsOption(appeals, { filed: t('gov.effect.series.filed'), overturned: t('gov.effect.series.overturned') }), [appeals, t]);
  const vr = data.violationRate;
  const hasIntervals = data.precision?.value != null || data.coverage?.value != null;
  const fallback = <p className="muted">{t('app.loading')}</p>;

  return (
    <div className="gov-charts">
      <figure className="gov-chart" data-testid="chart-violation">
        <figcaption>
          <h3>{t('gov.effect.chart.violation')}</h3>
        </figcaption>
        {daily.length === 0 ? (
          <p className="muted">{t('gov.effect.noDaily')}</p>
        ) : (
          <Suspense fallback={fallback}>
            <GovChart
              option={violation}
              label={t('gov.effect.chart.violationLabel', {
                count: daily.length,
                launch: formatDay(data.launchedAt, lang),
                before: num(vr?.before, lang, 4),
                after: num(vr?.after, lang, 4),
              })}
            />
          </Suspense>
        )}
        {daily.length > 0 && <DailyTable daily={daily} />}
      </figure>
      <figure className="gov-chart" data-testid="chart-intervals">
        <figcaption>
          <h3>{t('gov.effect.chart.intervals')}</h3>
        </figcaption>
        {hasIntervals ? (
          <Suspense fallback={fallback}>
            <GovChart
              option={intervals}
              label={t('gov.effect.chart.intervalsLabel', { precision: pct(data.precision?.value, lang), coverage: pct(data.coverage?.value, lang) })}
            />
          </Suspense>
        ) : (
          <p className="muted">{t('gov.effect.noAudits')}</p>
        )}
      </figure>
      <figure className="gov-chart" data-testid="chart-appeals">
        <figcaption>
          <h3>{t('gov.effect.chart.appeals')}</h3>
        </figcaption>
        {appeals.length === 0 ? (
          <p className="muted">{t('gov.effect.noAppealsDaily')}</p>
        ) : (
          <>
            <Suspense fallback={fallback}>
              <GovChart option={appealsOption} label={t('gov.effect.chart.appealsLabel', { count: appeals.length })} />
            </Suspense>
            <details>
              <summary>{t('gov.effect.dataTable')}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('gov.effect.day')}</th>
                    <th scope="col">{t('gov.effect.series.filed')}</th>
                    <th scope="col">{t('gov.effect.series.overturned')}</th>
                  </tr>
                </thead>
                <tbody>
                  {appeals.map((d) => (
                    <tr key={d.date}>
                      <td>{formatDay(d.date, lang)}</td>
                      <td className="num">{d.filed.toLocaleString(lang)}</td>
                      <td className="num">{d.overturned.toLocaleString(lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        )}
      </figure>
    </div>
  );
}

/** The daily series as a table (the chart's text alternative); the launch day has a row per window. */
function DailyTable({ daily }: { daily: NonNullable<NonNullable<Effectiveness['violationRate']>['daily']> }) {
  const { t, tv, lang } = useI18n();
  const control = daily.some((d) => d.control != null);
  const windows = daily.some((d) => d.window);
  return (
    <details>
      <summary>{t('gov.effect.dataTable')}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('gov.effect.day')}</th>
            {windows && <th scope="col">{t('gov.effect.period')}</th>}
            <th scope="col">{t('gov.effect.series.rate')}</th>
            {control && <th scope="col">{t('gov.effect.series.control')}</th>}
          </tr>
        </thead>
        <tbody>
          {daily.map((d) => (
            <tr key={`${d.date}/${d.window ?? ''}`}>
              <td>{formatDay(d.date, lang)}</td>
              {windows && <td>{tv('gov.effect.window', d.window)}</td>}
              <td className="num">{num(d.value, lang, 4)}</td>
              {control && <td className="num">{num(d.control, lang, 4)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
