import { useCallback, useEffect, useId, useState } from 'react';
import { ApiError } from '../../api/client';
import { attachSamples, listSamples } from '../../api/endpoints';
import type { Paged, SampleView } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { useToast } from '../../app/toasts';
import { useI18n, type MsgKey } from '../../i18n/i18n';
import { parseSampleFile, parseSampleText, type SampleParse, type SampleProblem } from './samples';
import { Pager } from '../../app/Pager';

const PAGE_SIZE = 20;

export function useProblemText(): (p: SampleProblem) => string {
  const { t } = useI18n();
  return (p) => {
    const { code, ...params } = p;
    return t(`samples.problem.${code}` as MsgKey, params as Record<string, string | number>);
  };
}

/** Server field errors of a sample upload: keys like `[3].text`, `csv`, `samples`. */
export function uploadErrorMessages(err: unknown): string[] {
  if (!(err instanceof ApiError)) return [err instanceof Error ? err.message : String(err)];
  const entries = Object.entries(err.errors);
  if (!entries.length) return [err.message];
  return entries.flatMap(([k, msgs]) => msgs.map((m) => (k && !m.includes(k) ? `${k}: ${m}` : m)));
}

export function SamplePreview({ parse, testId = 'samples-preview' }: { parse: SampleParse; testId?: string }) {
  const { t } = useI18n();
  const problemText = useProblemText();
  return (
    <div className="sample-preview" data-testid={testId} data-count={parse.count} data-format={parse.format}>
      <p aria-live="polite">
        <strong data-testid="samples-preview-count">{t('samples.previewCount', { count: parse.count, format: parse.format.toUpperCase() })}</strong>
      </p>
      {parse.problems.length > 0 && (
        <ul className="error-text" data-testid="samples-problems">
          {parse.problems.map((p, i) => (
            <li key={i}>{problemText(p)}</li>
          ))}
        </ul>
      )}
      {parse.preview.length > 0 && (
        <table className="small">
          <caption className="visually-hidden">{t('samples.previewCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('samples.externalId')}</th>
              <th scope="col">{t('samples.text')}</th>
            </tr>
          </thead>
          <tbody>
            {parse.preview.map((r, i) => (
              <tr key={i}>
                <td>{r.externalId}</td>
                <td className="clip">{r.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function SamplesSection({ incidentId, canUpload, tick }: { incidentId: string; canUpload: boolean; tick: number }) {
  const { t, formatTime } = useI18n();
  const notify = useToast();
  const fileId = useId();
  const pasteId = useId();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Paged<SampleView> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [fileParse, setFileParse] = useState<SampleParse | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [paste, setPaste] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ source: 'file' | 'paste'; messages: string[] } | null>(null);
  const pasteParse = paste.trim() ? parseSampleText(paste, 'csv') : null;

  const load = useCallback(
    () =>
      listSamples(incidentId, page, PAGE_SIZE)
        .then((d) => {
          setData(d);
          setLoadError(null);
        })
        .catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e))),
    [incidentId, page],
  );
  useEffect(() => {
    void load();
  }, [load, tick]);

  async function onFile(file: File | undefined) {
    setErrors(null);
    if (!file) {
      setFileParse(null);
      setFileName(null);
      return;
    }
    const text = await readText(file);
    setFileName(file.name);
    setFileParse(parseSampleFile(file.name, text));
  }

  async function upload(parse: SampleParse, source: 'file' | 'paste') {
    setBusy(true);
    setErrors(null);
    try {
      const r = await attachSamples(incidentId, parse.body, parse.format);
      notify(t('samples.uploaded', { accepted: r.accepted, total: r.total }), 'success');
      if (source === 'file') {
        setFileParse(null);
        setFileName(null);
      } else setPaste('');
      setPage(1);
      void load();
    } catch (e) {
      setErrors({ source, messages: uploadErrorMessages(e) });
    } finally {
      setBusy(false);
    }
  }

  const pages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || PAGE_SIZE))) : 1;
  const blocking = (p: SampleParse | null) => !p || p.count === 0 || p.problems.some((x) => x.code !== 'duplicate');

  return (
    <section className="panel" aria-labelledby="sec-samples" data-testid="samples-section" data-total={data?.total}>
      <h2 id="sec-samples">
        {t('samples.title')} {data && <span className="muted small">({t('samples.total', { total: data.total })})</span>}
      </h2>
      {canUpload && (
        <div className="samples-upload">
          <div className={`field${errors?.source === 'file' ? ' field-invalid' : ''}`}>
            <label htmlFor={fileId}>{t('samples.file')}</label>
            <input
              id={fileId}
              type="file"
              accept=".json,.csv,application/json,text/csv"
              data-testid="samples-upload"
              aria-describedby={`${fileId}-hint`}
              onChange={(e) => void onFile(e.target.files?.[0])}
            />
            <div className="hint" id={`${fileId}-hint`}>
              {t('samples.fileHint')}
            </div>
            {fileParse && (
              <>
                <SamplePreview parse={fileParse} />
                <div className="form-buttons">
                  <button type="button" disabled={busy || blocking(fileParse)} onClick={() => void upload(fileParse, 'file')} data-testid="samples-submit">
                    {t('samples.upload', { count: fileParse.count, name: fileName ?? '' })}
                  </button>
                </div>
              </>
            )}
            {errors?.source === 'file' && (
              <div className="field-error" data-testid="samples-errors" role="alert">
                <ErrorList messages={errors.messages} />
              </div>
            )}
          </div>
          <div className={`field${errors?.source === 'paste' ? ' field-invalid' : ''}`}>
            <label htmlFor={pasteId}>{t('samples.paste')}</label>
            <textarea
              id={pasteId}
              className="code"
              rows={5}
              value={paste}
              placeholder={'externalId,text,url,tags\nv1,"…",https://…,a|b'}
              onChange={(e) => {
                setPaste(e.target.value);
                if (errors?.source === 'paste') setErrors(null);
              }}
              data-testid="samples-paste"
            />
            {pasteParse && (
              <>
                <SamplePreview parse={pasteParse} testId="samples-paste-preview" />
                <div className="form-buttons">
                  <button type="button" disabled={busy || blocking(pasteParse)} onClick={() => void upload(pasteParse, 'paste')} data-testid="samples-paste-submit">
                    {t('samples.uploadPaste', { count: pasteParse.count })}
                  </button>
                </div>
              </>
            )}
            {errors?.source === 'paste' && (
              <div className="field-error" data-testid="samples-errors" role="alert">
                <ErrorList messages={errors.messages} />
              </div>
            )}
          </div>
        </div>
      )}
      {loadError && <ErrorBox messages={[t('app.error', { message: loadError })]} />}
      {data && data.items.length === 0 && <p className="muted">{t('samples.empty')}</p>}
      {data && data.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table data-testid="samples-table">
              <thead>
                <tr>
                  <th scope="col">{t('samples.externalId')}</th>
                  <th scope="col">{t('samples.text')}</th>
                  <th scope="col">{t('field.tags')}</th>
                  <th scope="col">{t('samples.addedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((s) => (
                  <tr key={s.externalId} data-testid="sample-row" data-external-id={s.externalId}>
                    <td>{s.url && /^https?:\/\//i.test(s.url) ? <a href={s.url} target="_blank" rel="noopener noreferrer">{s.externalId}</a> : s.externalId}</td>
                    <td className="clip">{s.text}</td>
                    <td>{(s.tags ?? []).join(', ')}</td>
                    <td className="small">
                      {s.addedBy} · {formatTime(s.addedAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 && (
            <Pager page={page} pages={pages} onPage={setPage} label={t('samples.title')} />
          )}
        </>
      )}
    </section>
  );
}

function ErrorList({ messages }: { messages: string[] }) {
  return messages.length === 1 ? <>{messages[0]}</> : <ul>{messages.map((m, i) => <li key={i}>{m}</li>)}</ul>;
}

/** File.text() where available (browsers), FileReader otherwise (older jsdom). */
export function readText(file: Blob): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result ?? ''));
    r.onerror = () => reject(r.error);
    r.readAsText(file);
  });
}
