import { useId, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { ingestSignalsCsv } from '../../api/endpoints';
import type { SignalsIngested } from '../../api/types';
import { ErrorBox, Field, RefOptions } from '../../app/forms';
import { useReference } from '../../app/reference';
import { href } from '../../app/router';
import { useToast } from '../../app/toasts';
import { useI18n, type MsgKey } from '../../i18n/i18n';
import { readText } from '../samples/SamplesSection';
import { fmtNum, parseSignalCsv, type SignalCsvProblem } from './signals';

type SeriesField = 'businessLine' | 'category' | 'metric';

/** Problem details of POST /api/signals: `series.metric` belongs to a field, `line 5` / `csv` / `points` to the file. */
export function signalErrors(err: unknown): { byField: Partial<Record<SeriesField, string[]>>; other: string[] } {
  if (!(err instanceof ApiError)) return { byField: {}, other: [err instanceof Error ? err.message : String(err)] };
  const byField: Partial<Record<SeriesField, string[]>> = {};
  const other: string[] = [];
  for (const [key, msgs] of Object.entries(err.errors)) {
    const field = key.replace(/^series\./i, '') as SeriesField;
    if (key.toLowerCase().startsWith('series.') && ['businessLine', 'category', 'metric'].includes(field)) byField[field] = msgs;
    else other.push(...msgs.map((m) => (key && !m.startsWith(key) ? `${key}: ${m}` : m)));
  }
  if (!other.length && !Object.keys(byField).length) other.push(err.message);
  return { byField, other };
}

/** Issue 5: feed a CSV of report volumes to the detector from the UI (POST /api/signals, text/csv). */
export function SignalUploadForm({ onSent }: { onSent?: (r: SignalsIngested) => void }) {
  const { t, tv } = useI18n();
  const notify = useToast();
  const ref = useReference();
  const fileId = useId();
  const [businessLine, setBusinessLine] = useState('douyin');
  const [category, setCategory] = useState('fraud-scam');
  const [metric, setMetric] = useState('report-volume');
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ byField: Partial<Record<SeriesField, string[]>>; other: string[] }>({ byField: {}, other: [] });
  const [result, setResult] = useState<SignalsIngested | null>(null);
  const parse = useMemo(() => (csv.trim() ? parseSignalCsv(csv) : null), [csv]);
  const problemText = (p: SignalCsvProblem) => {
    const { code, ...params } = p;
    return t(`signals.csv.${code}` as MsgKey, params as Record<string, string | number>);
  };

  async function onFile(file: File | undefined) {
    setErrors({ byField: {}, other: [] });
    setFileName(file?.name ?? null);
    setCsv(file ? await readText(file) : '');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!metric.trim()) {
      setErrors({ byField: { metric: [t('validation.required')] }, other: [] });
      return;
    }
    if (!parse || parse.count === 0 || parse.problems.length) return;
    setBusy(true);
    setErrors({ byField: {}, other: [] });
    try {
      const r = await ingestSignalsCsv({ businessLine, category, metric: metric.trim() }, csv);
      setResult(r);
      notify(t('signals.upload.sent', { accepted: r.accepted, anomalies: r.anomalies.length }), 'success');
      onSent?.(r);
    } catch (err) {
      setErrors(signalErrors(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="sec-signal-upload">
      <h2 id="sec-signal-upload">{t('signals.upload.title')}</h2>
      <p className="hint">{t('signals.upload.hint')}</p>
      <form onSubmit={submit} noValidate data-testid="signal-upload-form">
        <div className="field-row">
          <Field label={t('field.businessLine')} name="businessLine" required errors={errors.byField.businessLine}>
            {(p) => (
              <select {...p} name="businessLine" value={businessLine} onChange={(e) => setBusinessLine(e.target.value)}>
                <RefOptions items={ref.businessLines} prefix="businessLine" />
              </select>
            )}
          </Field>
          <Field label={t('field.category')} name="category" required errors={errors.byField.category}>
            {(p) => (
              <select {...p} name="category" value={category} onChange={(e) => setCategory(e.target.value)}>
                <RefOptions items={ref.categories} prefix="category" />
              </select>
            )}
          </Field>
          <Field label={t('signals.metric')} name="metric" required hint={t('signals.upload.metricHint')} errors={errors.byField.metric}>
            {(p) => <input {...p} name="metric" type="text" maxLength={100} value={metric} onChange={(e) => setMetric(e.target.value)} />}
          </Field>
        </div>
        <div className="field">
          <label htmlFor={fileId}>{t('signals.upload.file')}</label>
          <input id={fileId} type="file" accept=".csv,text/csv" data-testid="signal-upload-file" onChange={(e) => void onFile(e.target.files?.[0])} />
        </div>
        <Field label={t('signals.upload.paste')} name="csv" hint={t('signals.upload.csvHint')}>
          {(p) => (
            <textarea
              {...p}
              className="code"
              rows={4}
              value={csv}
              placeholder={'timestamp,value\n2026-11-21 10:00:00,120'}
              onChange={(e) => {
                setCsv(e.target.value);
                setFileName(null);
              }}
              data-testid="signal-upload-csv"
            />
          )}
        </Field>
        {parse && (
          <div className="sample-preview" data-testid="signal-upload-preview" data-count={parse.count}>
            <p aria-live="polite">
              <strong>
                {fileName ? `${fileName}: ` : ''}
                {t('signals.upload.preview', { count: parse.count, first: parse.first ?? '—', last: parse.last ?? '—' })}
              </strong>
            </p>
            {parse.problems.length > 0 && (
              <ul className="error-text" data-testid="signal-upload-problems">
                {parse.problems.map((p, i) => (
                  <li key={i}>{problemText(p)}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <ErrorBox messages={errors.other} />
        <div className="form-buttons">
          <button type="submit" disabled={busy || !parse || parse.count === 0 || parse.problems.length > 0} data-testid="signal-upload-submit">
            {busy ? t('signals.upload.sending') : t('signals.upload.submit', { count: parse?.count ?? 0 })}
          </button>
        </div>
      </form>
      {result && (
        <div className="upload-result" data-testid="signal-upload-result" data-accepted={result.accepted} data-anomalies={result.anomalies.length} role="status">
          <p>
            {t('signals.upload.result', { accepted: result.accepted })} <a href={href.series(result.seriesId)}>{t('signals.upload.viewSeries')}</a>
          </p>
          {result.anomalies.length === 0 ? (
            <p className="muted">{t('signals.upload.noAnomaly')}</p>
          ) : (
            <ul>
              {result.anomalies.map((a) => (
                <li key={a.id} data-testid="signal-upload-anomaly" data-incident-id={a.incident.id} data-outcome={a.outcome}>
                  {t('signals.upload.anomaly', { value: fmtNum(a.peakValue), score: fmtNum(a.peakScore) })} · {tv('anomalyOutcome', a.outcome)}{' '}
                  <a href={href.incident(a.incident.id)}>{a.incident.key}</a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
