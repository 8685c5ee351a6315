import { useCallback, useEffect, useState } from 'react';
import { ErrorBox } from '../../app/forms';
import { href } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents, useResync } from '../../live/useLive';
import { SeverityBadge } from '../incidents/badges';
import { getStatusView, type StatusViewItem } from './api';

/** Issue 10 item 3: the internal status page — every open S1/S2 incident with its latest update. */
export function StatusPage() {
  const { t, tv, formatTime } = useI18n();
  const [items, setItems] = useState<StatusViewItem[] | null>(null);
  const [generatedAt, setGeneratedAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      getStatusView()
        .then((r) => {
          setItems(r.items ?? []);
          setGeneratedAt(r.generatedAt);
          setError(null);
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const refresh = useDebounced(() => void load(), 500);
  useLiveEvents(() => refresh());
  useResync(() => refresh());

  return (
    <div className="page" data-testid="status-page">
      <h1>{t('statusPage.title')}</h1>
      <p className="muted">{t('statusPage.intro')}</p>
      {error && <ErrorBox messages={[t('app.error', { message: error })]} />}
      {items === null && !error && <p className="muted">{t('app.loading')}</p>}
      {items && items.length === 0 && <p className="muted">{t('statusPage.empty')}</p>}
      {items && items.length > 0 && (
        <table className="incident-table" data-testid="status-table">
          <thead>
            <tr>
              <th scope="col">{t('statusPage.incident')}</th>
              <th scope="col">{t('statusPage.lead')}</th>
              <th scope="col">{t('statusPage.latest')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} data-testid="status-row" data-severity={i.severity}>
                <td>
                  <SeverityBadge severity={i.severity} /> <a href={href.incident(i.id)}>{i.key}</a> {i.title}
                  <div className="muted small">{tv('stage', i.stage)}</div>
                </td>
                <td>{i.lead || '—'}</td>
                <td>
                  {i.latestUpdate ? (
                    <>
                      <strong>{tv('updateStatus', i.latestUpdate.status)}</strong> {i.latestUpdate.impact}
                      <div className="muted small">
                        {t('update.by', { who: i.latestUpdate.postedBy, time: formatTime(i.latestUpdate.postedAt) })}
                        {i.updateOverdue && <strong className="overdue"> · {t('update.overdue')}</strong>}
                      </div>
                    </>
                  ) : (
                    <span className="muted">{t('update.none')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {generatedAt && <p className="muted small">{t('statusPage.generated', { time: formatTime(generatedAt) })}</p>}
    </div>
  );
}
