import { useCallback, useEffect, useId, useState } from 'react';
import { ApiError, mapFieldErrors } from '../../api/client';
import { approveReport, editReport, exportReport, getReport, publishReport } from '../../api/endpoints';
import type { ReportView } from '../../api/types';
import { ErrorBox, Field } from '../../app/forms';
import { useReference } from '../../app/reference';
import { href } from '../../app/router';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { useLiveEvents } from '../../live/useLive';
import { can, session } from '../auth/session';
import { downloadExport, exportBaseName } from './download';
import { Markdown } from './markdown';
import { ReportStatusBadge } from './ReportStatus';

type Errors = { title?: string[]; markdown?: string[]; audience?: string[]; other: string[] };
const NO_ERRORS: Errors = { other: [] };

function errorsOf(err: unknown, fields: string[]): Errors {
  if (err instanceof ApiError && err.status === 400) {
    const { byField, other } = mapFieldErrors(err.errors, fields);
    return { ...byField, other: other.length || Object.keys(byField).length ? other : [err.message] };
  }
  return { other: [err instanceof Error ? err.message : String(err)] };
}

export function ReportPage({ id }: { id: string }) {
  const { t, tv, formatTime } = useI18n();
  const notify = useToast();
  const ref = useReference();
  const user = session.get()?.user ?? null;
  const audienceId = useId();
  const [report, setReport] = useState<ReportView | null>(null);
  const [loadError, setLoadError] = useState<{ status: number; message: string } | null>(null);
  const [title, setTitle] = useState('');
  const [markdown, setMarkdown] = useState('');
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<Errors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [audience, setAudience] = useState<string[]>([]);
  const [printHtml, setPrintHtml] = useState<string | null>(null);
  const [printError, setPrintError] = useState<string | null>(null);

  const show = useCallback((r: ReportView) => {
    setReport(r);
    setTitle(r.title);
    setMarkdown(r.markdown);
    setDirty(false);
    setAudience((cur) => (cur.length ? cur : r.audience ?? []));
    setPrintHtml(null);
  }, []);

  const load = useCallback(
    () =>
      getReport(id)
        .then((r) => {
          show(r);
          setLoadError(null);
        })
        .catch((e: unknown) => setLoadError({ status: e instanceof ApiError ? e.status : 0, message: e instanceof Error ? e.message : String(e) })),
    [id, show],
  );
  useEffect(() => {
    void load();
  }, [load]);

  useLiveEvents((e) => {
    if (e.type.startsWith('report.') && e.data && String(e.data.reportId) === id && !dirty) void load();
  });

  if (loadError && !report) {
    return (
      <div className="page">
        <p>
          <a href={href.reports()}>← {t('reports.back')}</a>
        </p>
        <ErrorBox messages={[loadError.status === 404 ? t('reports.notFound') : t('app.error', { message: loadError.message })]} />
      </div>
    );
  }
  if (!report) return <p className="page muted">{t('app.loading')}</p>;

  const editable = report.status === 'draft' && can.workIncidents(user);
  const mayApprove = report.status === 'draft' && can.approveReports(user);
  const mayPublish = report.status === 'approved' && can.workIncidents(user);

  async function act(fn: () => Promise<ReportView>, done: string, fields: string[]) {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const r = await fn();
      show(r);
      notify(done, 'success');
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        notify(t('reports.conflict'), 'error');
        setErrors({ other: [err.message] });
      } else if (err instanceof ApiError && err.status === 403) {
        notify(err.message, 'error');
      } else setErrors(errorsOf(err, fields));
    } finally {
      setBusy(false);
    }
  }

  const save = () =>
    act(() => editReport(report.id, { title: title.trim() || undefined, markdown, expectedVersion: report.version }), t('reports.saved'), ['title', 'markdown']);

  async function loadPrint() {
    setPrintError(null);
    try {
      setPrintHtml(await exportReport(report!.id, 'html'));
    } catch (e) {
      setPrintError(e instanceof Error ? e.message : String(e));
    }
  }

  async function download(format: 'md' | 'html') {
    try {
      await downloadExport(report!.id, format, exportBaseName(report!));
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    }
  }

  return (
    <div className="page report-page" data-testid="report-page" data-report-id={report.id} data-status={report.status} data-version={report.version}>
      <p>
        {report.incidentId ? <a href={href.incident(report.incidentId)}>← {report.incidentKey ?? t('reports.incident')}</a> : null}
        {report.incidentId ? ' · ' : null}
        <a href={href.reports()}>{t('reports.back')}</a>
      </p>
      <div className="page-head">
        <h1>{report.title}</h1>
        <div className="head-badges">
          <span className="chip">{tv('reportKind', report.kind)}</span>
          <ReportStatusBadge status={report.status} />
          <span className="muted small">v{report.version}</span>
        </div>
      </div>
      <p className="muted small">
        {t('reports.createdBy', { by: report.createdBy, at: formatTime(report.createdAt) })}
        {report.approvedBy ? ` · ${t('reports.approvedBy', { by: report.approvedBy, at: formatTime(report.approvedAt) })}` : ''}
        {report.publishedBy ? ` · ${t('reports.publishedBy', { by: report.publishedBy, at: formatTime(report.publishedAt) })}` : ''}
        {report.audience?.length ? ` · ${t('reports.audience')}: ${report.audience.map((d) => tv('department', d)).join(', ')}` : ''}
      </p>
      <div className="form-buttons report-tools">
        <button type="button" className="secondary" onClick={() => void download('md')} data-testid="report-export-md">
          {t('reports.exportMd')}
        </button>
        <button type="button" className="secondary" onClick={() => void download('html')} data-testid="report-export-html">
          {t('reports.exportHtml')}
        </button>
        {mayApprove && (
          <button type="button" disabled={busy || dirty} onClick={() => void act(() => approveReport(report.id), t('reports.approved'), [])} data-testid="report-approve" title={dirty ? t('reports.saveFirst') : undefined}>
            {t('reports.approve')}
          </button>
        )}
      </div>
      {report.status === 'draft' && !can.approveReports(user) && can.workIncidents(user) && <p className="hint">{t('reports.leaderApproves')}</p>}
      <ErrorBox messages={errors.other} />

      <div className="report-grid">
        {editable ? (
          <form
            className="panel report-editor"
            data-testid="report-editor"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
            noValidate
          >
            <h2>{t('reports.edit')}</h2>
            <Field label={t('field.title')} name="title" errors={errors.title}>
              {(p) => (
                <input
                  {...p}
                  type="text"
                  value={title}
                  maxLength={200}
                  onChange={(e) => {
                    setTitle(e.target.value);
                    setDirty(true);
                  }}
                  data-testid="report-title"
                />
              )}
            </Field>
            <Field label={t('reports.markdown')} name="markdown" required errors={errors.markdown} hint={t('reports.markdownHint')}>
              {(p) => (
                <textarea
                  {...p}
                  className="code"
                  rows={24}
                  value={markdown}
                  onChange={(e) => {
                    setMarkdown(e.target.value);
                    setDirty(true);
                  }}
                  data-testid="report-markdown"
                />
              )}
            </Field>
            <div className="form-buttons">
              <button type="submit" disabled={busy || !dirty} data-testid="report-save">
                {t('app.save')}
              </button>
              {dirty && (
                <button type="button" className="secondary" onClick={() => show(report)}>
                  {t('reports.discard')}
                </button>
              )}
              {dirty && <span className="muted small">{t('reports.unsaved')}</span>}
            </div>
          </form>
        ) : null}
        <section className="panel" aria-labelledby="sec-preview">
          <h2 id="sec-preview">{t('reports.preview')}</h2>
          <Markdown source={markdown} testId="report-preview" />
        </section>
      </div>

      <section className="panel" aria-labelledby="sec-print">
        <h2 id="sec-print">{t('reports.printPreview')}</h2>
        <p className="hint">{t('reports.printHint')}</p>
        <div className="form-buttons">
          <button type="button" className="secondary" onClick={() => void loadPrint()} data-testid="report-print-load">
            {printHtml === null ? t('reports.showPrint') : t('reports.refreshPrint')}
          </button>
        </div>
        {printError && <ErrorBox messages={[printError]} />}
        {printHtml !== null && (
          // sandbox with no permissions: no scripts, no same-origin access, no forms, no navigation of the app.
          <iframe className="print-preview" sandbox="" srcDoc={printHtml} title={t('reports.printPreview')} data-testid="report-print-preview" />
        )}
      </section>

      {mayPublish && (
        <section className="panel" aria-labelledby="sec-publish">
          <h2 id="sec-publish">{t('reports.publish')}</h2>
          <form
            data-testid="report-publish-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!audience.length) {
                setErrors({ other: [], audience: [t('reports.audienceRequired')] });
                return;
              }
              void act(() => publishReport(report.id, audience), t('reports.published'), ['audience']);
            }}
            noValidate
          >
            <fieldset className={`field${errors.audience ? ' field-invalid' : ''}`} aria-describedby={errors.audience ? `${audienceId}-err` : undefined}>
              <legend>{t('reports.audience')}</legend>
              <div className="checkbox-grid">
                {ref.departments.map((d) => (
                  <label key={d.value} className="radio">
                    <input
                      type="checkbox"
                      checked={audience.includes(d.value)}
                      onChange={(e) => setAudience((cur) => (e.target.checked ? [...cur, d.value] : cur.filter((x) => x !== d.value)))}
                      data-testid={`report-audience-${d.value}`}
                    />
                    {tv('department', d.value, d.label)}
                  </label>
                ))}
              </div>
              {errors.audience && (
                <div className="field-error" id={`${audienceId}-err`} data-testid="field-error-audience">
                  {errors.audience.join(' ')}
                </div>
              )}
            </fieldset>
            <div className="form-buttons">
              <button type="submit" disabled={busy} data-testid="report-publish">
                {t('reports.publishTo', { count: audience.length })}
              </button>
            </div>
          </form>
        </section>
      )}
    </div>
  );
}
