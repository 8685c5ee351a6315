import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, mapFieldErrors } from '../../api/client';
import type { AvailableAction } from '../../api/types';
import { ErrorBox, Field } from '../../app/forms';
import { useI18n } from '../../i18n/i18n';
import { fieldsFromSchema, initialValues, validateForm, type FieldSpec, type FormValues } from './schemaForm';

/**
 * A form generated from the action's `inputSchema`. `onSubmit` sends the input; a 400 it throws is
 * mapped back onto the fields, other errors are the caller's to handle (it rethrows them).
 */
export function ActionForm({
  action,
  onSubmit,
  onCancel,
}: {
  action: AvailableAction;
  onSubmit: (input: Record<string, unknown> | undefined) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const fields = useMemo(() => fieldsFromSchema(action.inputSchema), [action.inputSchema]);
  const [values, setValues] = useState<FormValues>(() => initialValues(fields));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const set = (name: string, v: string | boolean) => setValues((old) => ({ ...old, [name]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const res = validateForm(fields, values);
    const errs: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(res.errors)) errs[k] = [t(v.key, v.params)];
    setErrors(errs);
    setGeneral([]);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await onSubmit(fields.length ? res.input : undefined);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const mapped = mapFieldErrors(err.errors, fields.map((f) => f.name));
        setErrors(mapped.byField);
        const other = mapped.other.length ? mapped.other : Object.keys(mapped.byField).length ? [] : [err.message];
        setGeneral(other);
      } else {
        setGeneral([err instanceof Error ? err.message : String(err)]);
      }
    } finally {
      setBusy(false);
    }
  }

  const title = action.label || action.action;
  return (
    <form className="action-form panel" onSubmit={submit} noValidate data-testid="action-form" data-action={action.action}>
      <h3 tabIndex={-1} ref={headingRef}>
        {t('action.form', { action: title })}
      </h3>
      {fields.length === 0 && <p className="muted">{t('action.noInput')}</p>}
      {fields.map((f) => (
        <SchemaField key={f.name} field={f} value={values[f.name]} errors={errors[f.name]} onChange={(v) => set(f.name, v)} />
      ))}
      <ErrorBox messages={general} />
      <div className="form-buttons">
        <button type="submit" disabled={busy} data-testid="action-submit">
          {t('action.run')}: {title}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

function SchemaField({
  field: f,
  value,
  errors,
  onChange,
}: {
  field: FieldSpec;
  value: string | boolean | undefined;
  errors?: string[];
  onChange: (v: string | boolean) => void;
}) {
  const { t } = useI18n();
  const hint = [f.description, f.kind === 'list' ? t('action.listHint') : f.kind === 'json' ? t('action.jsonHint') : undefined]
    .filter(Boolean)
    .join(' · ') || undefined;
  const text = typeof value === 'string' ? value : '';

  if (f.kind === 'enum' && (f.options?.length ?? 0) <= 4) {
    return (
      <fieldset className={`field radio-group${errors?.length ? ' field-invalid' : ''}`} data-field={f.name}>
        <legend>
          {f.label}
          {f.required && <span className="req" aria-hidden="true"> *</span>}
        </legend>
        {f.description && <div className="hint">{f.description}</div>}
        {f.options!.map((o) => (
          <label key={o.key} className="radio">
            <input
              type="radio"
              name={`schema-${f.name}`}
              value={o.key}
              checked={text === o.key}
              onChange={() => onChange(o.key)}
              aria-invalid={errors?.length ? true : undefined}
            />
            {o.label}
          </label>
        ))}
        {errors?.length ? (
          <div className="field-error" role="alert" data-testid={`field-error-${f.name}`}>
            {errors.join(' ')}
          </div>
        ) : null}
      </fieldset>
    );
  }

  return (
    <Field label={f.label} name={f.name} required={f.required} hint={hint} errors={errors}>
      {(p) => {
        switch (f.kind) {
          case 'boolean':
            return (
              <input {...p} type="checkbox" name={f.name} checked={value === true} onChange={(e) => onChange(e.target.checked)} />
            );
          case 'enum':
            return (
              <select {...p} name={f.name} value={text} onChange={(e) => onChange(e.target.value)}>
                <option value="">—</option>
                {f.options!.map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.label}
                  </option>
                ))}
              </select>
            );
          case 'number':
          case 'integer':
            return (
              <input
                {...p}
                type="number"
                name={f.name}
                inputMode={f.kind === 'integer' ? 'numeric' : 'decimal'}
                step={f.kind === 'integer' ? 1 : 'any'}
                value={text}
                onChange={(e) => onChange(e.target.value)}
              />
            );
          case 'text':
          case 'list':
          case 'json':
            return <textarea {...p} name={f.name} rows={f.kind === 'text' ? 4 : 3} value={text} onChange={(e) => onChange(e.target.value)} />;
          default:
            return <input {...p} type="text" name={f.name} value={text} onChange={(e) => onChange(e.target.value)} />;
        }
      }}
    </Field>
  );
}
