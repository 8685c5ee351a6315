import { useCallback, useEffect, useMemo, useState } from 'react';
import { getBoard } from '../../api/endpoints';
import { SEVERITIES, type BoardView } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { href } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents, useResync } from '../../live/useLive';
import { GovernanceIndicator } from '../governance/ruleBadges';
import { SeverityBadge } from '../incidents/badges';
import { SlaCountdown } from '../sla/SlaCountdown';
import { affectsBoard, ageOf, allCards, breachedOverTime, categorySeverityMatrix, groupByStage } from './board';
import { Chart, type ChartOption } from './Chart';

const SEV_COLORS: Record<string, string> = { S1: '#c62828', S2: '#e65100', S3: '#f9a825', S4: '#757575' };
export function BoardPage() {
  const { t, tv, formatTime } = useI18n();
  const [board, setBoard] = useState<BoardView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const load = useCallback(() => {
    getBoard()
      .then((b) => {
        setBoard(b);
        setError(null);
        setNow(Date.now());
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(() => {
    load();
  }, [load]);
  // Ages and the chart's last point move with the clock between board events.
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  const reload = useDebounced(load, 300);
  useLiveEvents((e) => {
    if (affectsBoard(e.type) || e.type.startsWith('governance.')) reload();
  });
  useResync(reload);

  const columns = useMemo(() => (board ? groupByStage(board) : []), [board]);
  const cards = useMemo(() => allCards(columns), [columns]);
  const matrix = useMemo(() => categorySeverityMatrix(cards), [cards]);
  const perHour = useMemo(() => breachedOverTime(cards, now), [cards, now]);
  const hourFmt = useMemo(() => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }), []);

  const barOption = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: SEVERITIES, top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: 'category', data: matrix.categories.map((c) => tv('category', c)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: matrix.series.map((s) => ({
        name: s.severity,
        type: 'bar',
        stack: 'severity',
        itemStyle: { color: SEV_COLORS[s.severity] },
        data: s.data,
      })),
    }),
    [matrix, tv],
  );
  const lineOption = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, bottom: 8, top: 24, containLabel: true },
      xAxis: { type: 'category', data: perHour.map((b) => hourFmt.format(b.hour)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('board.breached'), type: 'line', data: perHour.map((b) => b.count), itemStyle: { color: '#c62828' } }],
    }),
    [perHour, hourFmt, t],
  );

  if (error && !board) return <ErrorBox messages={[t('app.error', { message: error })]} />;
  if (!board) return <p className="page muted">{t('app.loading')}</p>;

  return (
    <div className="page board-page" data-testid="board">
      <div className="page-head">
        <h1>{t('board.title')}</h1>
        <span className="muted" aria-live="polite">
          {t('board.generatedAt', { time: formatTime(board.generatedAt) })}
        </span>
      </div>
      <ul className="board-counts" aria-label={t('board.title')}>
        <li data-testid="count-open">
          <strong>{cards.length}</strong> {t('board.open')}
        </li>
        <li className="count-breached" data-testid="count-breached">
          <strong>{board.counts?.breached ?? cards.filter((c) => c.slaBreached).length}</strong> {t('board.breached')}
        </li>
        {SEVERITIES.map((s) => (
          <li key={s} data-testid={`count-${s}`}>
            <SeverityBadge severity={s} /> <strong>{board.counts?.bySeverity?.[s] ?? cards.filter((c) => c.severity === s).length}</strong>
          </li>
        ))}
      </ul>
      <div className="board-columns">
        {columns.map((col) => (
          <section key={col.stage} className="board-column" aria-labelledby={`col-${col.stage}`} data-testid={`board-column-${col.stage}`}>
            <h2 id={`col-${col.stage}`}>
              {tv('stage', col.stage)} <span className="count">{board.counts?.byStage?.[col.stage] ?? col.cards.length}</span>
            </h2>
            {col.cards.length === 0 && <p className="muted small">{t('board.empty')}</p>}
            <ul>
              {col.cards.map((c) => (
                <li
                  key={c.id}
                  className={`board-card sev-border-${c.severity}${c.slaBreached ? ' breached' : ''}`}
                  data-testid="board-card"
                  data-incident-id={c.id}
                  data-severity={c.severity}
                  data-breached={c.slaBreached}
                >
                  <div className="card-head">
                    <SeverityBadge severity={c.severity} />
                    <a href={href.incident(c.id)} className="incident-key">
                      {c.key}
                    </a>
                    {c.escalationLevel > 0 && (
                      <span className="esc-badge" title={t('board.escalation', { level: c.escalationLevel })} data-testid="escalation-level">
                        <span aria-hidden="true">▲</span>
                        {c.escalationLevel}
                        <span className="visually-hidden">{t('board.escalation', { level: c.escalationLevel })}</span>
                      </span>
                    )}
                  </div>
                  <div className="card-title">{c.title}</div>
                  <div className="card-meta small">
                    {tv('category', c.category)} · {tv('department', c.ownerDepartment)}
                  </div>
                  <div className="card-foot small">
                    <SlaCountdown dueAt={c.slaDueAt} breached={c.slaBreached} />
                    {(() => {
                      const age = ageOf(c.openedAt, now);
                      return age && (
                        <span className="card-age muted" data-testid="card-age" title={c.openedAt ? formatTime(c.openedAt) : undefined}>
                          {t(`board.age.${age.unit}`, { count: age.value })}
                        </span>
                      );
                    })()}
                    {c.pendingHandoffs > 0 && (
                      <span className="handoff-count" data-testid="pending-handoffs">
                        {t('board.pendingHandoffs', { count: c.pendingHandoffs })}
                      </span>
                    )}
                  </div>
                  <GovernanceIndicator verdict={c.governance} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <div className="board-charts">
        <section className="panel">
          <h2>{t('board.byCategory')}</h2>
          <Chart option={barOption} label={t('board.byCategory')} testId="chart-category-severity" />
          <details>
            <summary>{t('board.chartAlt')}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('field.category')}</th>
                  {SEVERITIES.map((s) => (
                    <th key={s} scope="col">
                      {s}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {matrix.categories.map((c, i) => (
                  <tr key={c}>
                    <th scope="row">{tv('category', c)}</th>
                    {matrix.series.map((s) => (
                      <td key={s.severity}>{s.data[i]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </section>
        <section className="panel">
          <h2>{t('board.breachesOverTime')}</h2>
          <Chart option={lineOption} label={t('board.breachesOverTime')} testId="chart-breaches" />
          <details>
            <summary>{t('board.chartAlt')}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('board.hour')}</th>
                  <th scope="col">{t('board.count')}</th>
                </tr>
              </thead>
              <tbody>
                {perHour
                  .filter((b) => b.count > 0)
                  .map((b) => (
                    <tr key={b.hour}>
                      <td>{formatTime(new Date(b.hour).toISOString())}</td>
                      <td>{b.count}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </details>
        </section>
      </div>
    </div>
  );
}
