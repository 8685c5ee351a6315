import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { ApiError, mapFieldErrors } from '../../api/client';
import { ErrorBox, Field } from '../../app/forms';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { session } from '../auth/session';
import { hasCi, pct } from './effectiveness';
import { listAudits, postAudit } from './enforcementApi';
import { parseAuditItems } from './enforcementCsv';
import { may, problemText, useCsvProblemText } from './enforcementLabels';
import type { Audit, AuditKind } from './enforcementTypes';

type Errors = { byField: Record<string, string[]>; other: string[] };
const NONE: Errors = { byField: {}, other: [] };

/** Record a QA audit of a rule (precision of its records, or coverage of what it left alone). */
export function AuditForm({ ruleId }: { ruleId: string }) {
  const { t, lang, formatTime } = useI18n();
  const notify = useToast();
  const problemTextOf = useCsvProblemText();
  const headingId = useId();
  const user = session.get()?.user ?? null;
  const [kind, setKind] = useState<AuditKind>('precision');
  const [items, setItems] = useState('');
  const [population, setPopulation] = useState('');
  const [errors, setErrors] = useState<Errors>(NONE);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Audit | null>(null);
  const [audits, setAudits] = useState<Audit[] | null>(null);
  const parse = useMemo(() => (items.trim() ? parseAuditItems(items) : null), [items]);
  const n = (x: number | null | undefined) => (typeof x === 'number' ? x.toLocaleString(lang) : '—');
  const withCi = (a: Audit) =>
    hasCi(a.ci95) ? t('gov.effect.withCi', { value: pct(a.value, lang), ci: t('gov.effect.ci', { lo: pct(a.ci95[0], lang), hi: pct(a.ci95[1], lang) }) }) : pct(a.value, lang);

  const load = useCallback(
    () =>
      listAudits(ruleId)
        .then(setAudits)
        .catch(() => setAudits([])),
    [ruleId],
  );
  useEffect(() => void load(), [load]);

  if (!may.recordAudits(user)) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const byField: Record<string, string[]> = {};
    if (!parse || !parse.items.length) byField.items = [t('gov.audit.itemsRequired')];
    else if (parse.problems.length) byField.items = [t('gov.audit.fixItems')];
    const pop = population.trim() ? Number(population) : undefined;
    if (kind === 'coverage' && pop !== undefined && (!Number.isInteger(pop) || pop < (parse?.items.length ?? 0)))
      byField.population = [t('gov.audit.populationRange', { min: n(parse?.items.length ?? 0) })];
    if (Object.keys(byField).length) {
      setErrors({ byField, other: [] });
      return;
    }
    setBusy(true);
    setErrors(NONE);
    try {
      const a = await postAudit({ ruleId, kind, items: parse!.items, ...(kind === 'coverage' && pop !== undefined ? { population: pop } : {}) });
      setResult(a);
      setItems('');
      setPopulation('');
      notify(t('gov.audit.recorded'), 'success');
      void load();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && Object.keys(err.errors).length) {
        const mapped = mapFieldErrors(err.errors, ['kind', 'items', 'population']);
        setErrors(mapped);
      } else setErrors({ byField: {}, other: problemText(err, t, { '403': 'gov.audit.forbidden' }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="audit-form">
      <h2 id={headingId}>{t('gov.audit.title')}</h2>
      <form onSubmit={submit} noValidate>
        <fieldset className="field radio-group">
          <legend>{t('gov.audit.kind')}</legend>
          {(['precision', 'coverage'] as const).map((k) => (
            <label key={k} className="radio">
              <input type="radio" name={`${headingId}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`audit-kind-${k}`} />
              {t(`gov.audit.kind.${k}`)}
            </label>
          ))}
          <div className="hint">{t(kind === 'precision' ? 'gov.audit.precisionHint' : 'gov.audit.coverageHint')}</div>
        </fieldset>
        {kind === 'coverage' && (
          <Field label={t('gov.audit.population')} name="population" hint={t('gov.audit.populationHint')} errors={errors.byField.population}>
            {(p) => <input {...p} type="number" min={1} step={1} value={population} onChange={(e) => setPopulation(e.target.value)} data-testid="audit-population" />}
          </Field>
        )}
        <Field label={t('gov.audit.items')} name="items" required hint={t('gov.audit.itemsHint')} errors={errors.byField.items}>
          {(p) => (
            <textarea
              {...p}
              className="code"
              rows={5}
              value={items}
              placeholder={'ref,violating\nE-1,true\nE-2,false'}
              onChange={(e) => setItems(e.target.value)}
              data-testid="audit-items"
            />
          )}
        </Field>
        {parse && (
          <div className="sample-preview" data-testid="audit-preview" data-count={parse.items.length} data-violating={parse.violating}>
            <p aria-live="polite">{t('gov.audit.preview', { count: parse.items.length, n: n(parse.items.length), violating: n(parse.violating), clean: n(parse.items.length - parse.violating) })}</p>
            {parse.problems.length > 0 && (
              <ul className="error-text" data-testid="audit-problems">
                {parse.problems.slice(0, 20).map((p, i) => (
                  <li key={i}>{problemTextOf(p)}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <ErrorBox messages={errors.other} />
        <div className="form-buttons">
          <button type="submit" disabled={busy} data-testid="audit-submit">
            {t('gov.audit.submit')}
          </button>
        </div>
      </form>
      {result && (
        <div className="gov-result" role="status" data-testid="audit-result" data-value={result.value ?? ''}>
          {t(result.kind === 'precision' ? 'gov.audit.resultPrecision' : 'gov.audit.resultCoverage', {
            value: withCi(result),
            n: n(result.n),
            violating: n(result.violating),
            population: n(result.population ?? result.n),
            version: result.ruleVersion,
          })}
        </div>
      )}
      {audits && audits.length > 0 && (
        <details>
          <summary>{t('gov.audit.earlier', { count: audits.length })}</summary>
          <table data-testid="audit-list">
            <thead>
              <tr>
                <th scope="col">{t('gov.audit.when')}</th>
                <th scope="col">{t('gov.audit.kind')}</th>
                <th scope="col">{t('gov.audit.version')}</th>
                <th scope="col">{t('gov.audit.sample')}</th>
                <th scope="col">{t('gov.audit.value')}</th>
              </tr>
            </thead>
            <tbody>
              {audits.map((a) => (
                <tr key={a.id}>
                  <td>
                    {formatTime(a.createdAt)} ({a.createdBy})
                  </td>
                  <td>{t(`gov.audit.kind.${a.kind}`)}</td>
                  <td className="num">{a.ruleVersion}</td>
                  <td className="num">{t('gov.audit.sampleOf', { violating: n(a.violating), n: n(a.n) })}</td>
                  <td>{withCi(a)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
