import { useCallback, useEffect, useId, useState } from 'react';
import { ApiError, mapFieldErrors } from '../../api/client';
import { draftReport, listIncidentReports } from '../../api/endpoints';
import { DRAFT_KINDS, type ReportListItem } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { href, navigate } from '../../app/router';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { ReportStatusBadge } from './ReportStatus';

export function ReportsSection({ incidentId, canDraft, tick }: { incidentId: string; canDraft: boolean; tick: number }) {
  const { t, tv, formatTime } = useI18n();
  const notify = useToast();
  const kindId = useId();
  const [reports, setReports] = useState<ReportListItem[] | null>(null);
  const [kind, setKind] = useState<string>('flash');
  const [kindErr, setKindErr] = useState<string[] | undefined>();
  const [other, setOther] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    () =>
      listIncidentReports(incidentId)
        .then(setReports)
        .catch((e: unknown) => setOther([e instanceof Error ? e.message : String(e)])),
    [incidentId],
  );
  useEffect(() => {
    void load();
  }, [load, tick]);

  async function create() {
    setBusy(true);
    setKindErr(undefined);
    setOther([]);
    try {
      const r = await draftReport(incidentId, kind);
      notify(t('reports.drafted', { title: r.title }), 'success');
      navigate(href.report(r.id));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const { byField, other: rest } = mapFieldErrors(err.errors, ['kind']);
        setKindErr(byField.kind);
        setOther(rest.length || byField.kind ? rest : [err.message]);
      } else setOther([err instanceof Error ? err.message : String(err)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="sec-reports" data-testid="reports-section">
      <h2 id="sec-reports">{t('reports.title')}</h2>
      {canDraft && (
        <div className="field-row inline-form" data-testid="report-create">
          <div className={`field${kindErr ? ' field-invalid' : ''}`}>
            <label htmlFor={kindId}>{t('reports.kind')}</label>
            <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value)} data-testid="report-kind" aria-invalid={kindErr ? true : undefined}>
              {DRAFT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {tv('reportKind', k)}
                </option>
              ))}
            </select>
            {kindErr && (
              <div className="field-error" data-testid="field-error-kind">
                {kindErr.join(' ')}
              </div>
            )}
          </div>
          <div className="form-buttons">
            <button type="button" disabled={busy} onClick={() => void create()} data-testid="report-create-submit">
              {busy ? t('reports.drafting') : t('reports.draft')}
            </button>
          </div>
        </div>
      )}
      <ErrorBox messages={other} />
      {reports && reports.length === 0 && <p className="muted">{t('reports.empty')}</p>}
      {reports && reports.length > 0 && (
        <ul className="report-list">
          {reports.map((r) => (
            <li key={r.id} data-testid="report-row" data-report-id={r.id} data-status={r.status} data-kind={r.kind}>
              <a href={href.report(r.id)}>{r.title}</a> <span className="chip">{tv('reportKind', r.kind)}</span> <ReportStatusBadge status={r.status} />
              <div className="muted small">
                {t('reports.createdBy', { by: r.createdBy, at: formatTime(r.createdAt) })}
                {r.publishedAt ? ` · ${t('reports.publishedAt', { at: formatTime(r.publishedAt) })}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
