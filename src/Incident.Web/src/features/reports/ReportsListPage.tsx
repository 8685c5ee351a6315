import { useCallback, useEffect, useId, useState } from 'react';
import { listReports } from '../../api/endpoints';
import { REPORT_KINDS, type Paged, type ReportListItem } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { href, navigate } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents, useResync } from '../../live/useLive';
import { ReportStatusBadge } from './ReportStatus';
import { Pager } from '../../app/Pager';

const PAGE_SIZE = 25;
const STATUSES = ['draft', 'approved', 'published'] as const;

export function ReportsListPage({ kind }: { kind?: string }) {
  const { t, tv, formatTime } = useI18n();
  const kindId = useId();
  const statusId = useId();
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Paged<ReportListItem> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    () =>
      listReports({ kind: kind || undefined, status: status || undefined, page, pageSize: PAGE_SIZE })
        .then((d) => {
          setData(d);
          setError(null);
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))),
    [kind, status, page],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const reload = useDebounced(() => void load(), 500);
  useLiveEvents((e) => {
    if (e.type.startsWith('report.')) reload();
  });
  useResync(reload);

  const pages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || PAGE_SIZE))) : 1;
  return (
    <div className="page" data-testid="reports-list">
      <h1>{t('reports.listTitle')}</h1>
      <div className="filters">
        <div className="field">
          <label htmlFor={kindId}>{t('reports.kind')}</label>
          <select
            id={kindId}
            value={kind ?? ''}
            onChange={(e) => {
              setPage(1);
              navigate(href.reports(e.target.value || undefined));
            }}
            data-testid="reports-kind-filter"
          >
            <option value="">{t('incidents.any')}</option>
            {REPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {tv('reportKind', k)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={statusId}>{t('field.status')}</label>
          <select
            id={statusId}
            value={status}
            onChange={(e) => {
              setPage(1);
              setStatus(e.target.value);
            }}
            data-testid="reports-status-filter"
          >
            <option value="">{t('incidents.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {tv('reportStatus', s)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && <ErrorBox messages={[t('app.error', { message: error })]} />}
      {data && data.items.length === 0 && <p className="muted">{t('reports.emptyList')}</p>}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('field.title')}</th>
                <th scope="col">{t('reports.kind')}</th>
                <th scope="col">{t('field.status')}</th>
                <th scope="col">{t('reports.incident')}</th>
                <th scope="col">{t('reports.audience')}</th>
                <th scope="col">{t('field.updatedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id} data-testid="report-row" data-report-id={r.id} data-status={r.status} data-kind={r.kind}>
                  <td>
                    <a href={href.report(r.id)}>{r.title}</a>
                  </td>
                  <td>
                    {tv('reportKind', r.kind)}
                    {r.digestDate ? ` · ${r.digestDate}` : ''}
                  </td>
                  <td>
                    <ReportStatusBadge status={r.status} />
                  </td>
                  <td>{r.incidentId ? <a href={href.incident(r.incidentId)}>{r.incidentKey ?? r.incidentId}</a> : '—'}</td>
                  <td className="small">{(r.audience ?? []).map((d) => tv('department', d)).join(', ') || '—'}</td>
                  <td className="small">{formatTime(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && pages > 1 && (
        <Pager page={page} pages={pages} onPage={setPage} />
      )}
    </div>
  );
}
