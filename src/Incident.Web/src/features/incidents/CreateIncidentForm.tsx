import { useRef, useState, type FormEvent } from 'react';
import { ApiError, mapFieldErrors } from '../../api/client';
import { openIncident } from '../../api/endpoints';
import type { IncidentDoc, NewIncident } from '../../api/types';
import { ErrorBox, Field, RefOptions } from '../../app/forms';
import { useReference } from '../../app/reference';
import { useI18n } from '../../i18n/i18n';

const FIELDS = ['title', 'summary', 'businessLine', 'category', 'severity', 'source', 'tags'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;

const EMPTY: Values = { title: '', summary: '', businessLine: '', category: '', severity: '', source: 'operator', tags: '' };

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `k-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function toBody(v: Values): NewIncident {
  const tags = v.tags
    .split(/[,，]/)
    .map((x) => x.trim())
    .filter(Boolean);
  return {
    title: v.title.trim(),
    summary: v.summary,
    businessLine: v.businessLine,
    category: v.category,
    severity: v.severity,
    source: v.source,
    ...(tags.length ? { tags } : {}),
  };
}

/** The create form. Client checks mirror API.md limits; the server's 400 `errors` land next to each field. */
export function CreateIncidentForm({ onCreated }: { onCreated: (incident: IncidentDoc) => void }) {
  const { t } = useI18n();
  const ref = useReference();
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string[]>>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  // Idempotency-Key: a double submit of the same body opens one incident; a changed body gets a new key.
  const idem = useRef<{ key: string; body: string } | null>(null);

  const set = (name: FieldName) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value }));

  function check(v: Values): Partial<Record<FieldName, string[]>> {
    const errs: Partial<Record<FieldName, string[]>> = {};
    const req = (f: FieldName) => {
      if (!v[f].trim()) errs[f] = [t('validation.required')];
    };
    (['title', 'businessLine', 'category', 'severity', 'source'] as FieldName[]).forEach(req);
    if (v.title.trim().length > 200) errs.title = [t('validation.maxLength', { max: 200 })];
    if (v.summary.length > 10000) errs.summary = [t('validation.maxLength', { max: 10000 })];
    const body = toBody(v);
    if ((body.tags?.length ?? 0) > 20) errs.tags = [t('validation.maxItems', { max: 20 })];
    else if (body.tags?.some((x) => x.length > 50)) errs.tags = [t('validation.maxLength', { max: 50 })];
    return errs;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs = check(values);
    setErrors(errs);
    setGeneral(Object.keys(errs).length ? [t('create.fixErrors')] : []);
    if (Object.keys(errs).length) return;
    const body = toBody(values);
    const bodyText = JSON.stringify(body);
    if (!idem.current || idem.current.body !== bodyText) idem.current = { key: newKey(), body: bodyText };
    setBusy(true);
    try {
      const created = await openIncident(body, idem.current.key);
      idem.current = null;
      setValues(EMPTY);
      onCreated(created);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 400 || err.status === 422)) {
        const mapped = mapFieldErrors(err.errors, [...FIELDS]);
        setErrors(mapped.byField as Partial<Record<FieldName, string[]>>);
        const hasField = Object.keys(mapped.byField).length > 0;
        setGeneral([...(hasField ? [t('create.fixErrors')] : [err.message]), ...mapped.other]);
      } else {
        setGeneral([err instanceof Error ? err.message : String(err)]);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel create-form" onSubmit={submit} noValidate data-testid="create-incident-form">
      <h2>{t('create.title')}</h2>
      <Field label={t('field.title')} name="title" required errors={errors.title}>
        {(p) => <input {...p} name="title" value={values.title} onChange={set('title')} maxLength={400} />}
      </Field>
      <Field label={t('field.summary')} name="summary" errors={errors.summary}>
        {(p) => <textarea {...p} name="summary" rows={4} value={values.summary} onChange={set('summary')} />}
      </Field>
      <div className="field-row">
        <Field label={t('field.businessLine')} name="businessLine" required errors={errors.businessLine}>
          {(p) => (
            <select {...p} name="businessLine" value={values.businessLine} onChange={set('businessLine')}>
              <option value="">{t('create.choose')}</option>
              <RefOptions items={ref.businessLines} prefix="businessLine" />
            </select>
          )}
        </Field>
        <Field label={t('field.category')} name="category" required errors={errors.category}>
          {(p) => (
            <select {...p} name="category" value={values.category} onChange={set('category')}>
              <option value="">{t('create.choose')}</option>
              <RefOptions items={ref.categories} prefix="category" />
            </select>
          )}
        </Field>
      </div>
      <div className="field-row">
        <Field label={t('field.severity')} name="severity" required errors={errors.severity}>
          {(p) => (
            <select {...p} name="severity" value={values.severity} onChange={set('severity')}>
              <option value="">{t('create.choose')}</option>
              <RefOptions items={ref.severities} prefix="severity" />
            </select>
          )}
        </Field>
        <Field label={t('field.source')} name="source" required errors={errors.source}>
          {(p) => (
            <select {...p} name="source" value={values.source} onChange={set('source')}>
              <option value="">{t('create.choose')}</option>
              <RefOptions items={ref.sources} prefix="source" />
            </select>
          )}
        </Field>
      </div>
      <Field label={t('field.tags')} name="tags" hint={t('field.tagsHint')} errors={errors.tags}>
        {(p) => <input {...p} name="tags" value={values.tags} onChange={set('tags')} />}
      </Field>
      <ErrorBox messages={general} />
      <div className="form-buttons">
        <button type="submit" disabled={busy} data-testid="create-incident-submit">
          {busy ? t('create.submitting') : t('create.submit')}
        </button>
      </div>
    </form>
  );
}
