import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { latestAssessment, submitAssessment } from '../../api/endpoints';
import { SEVERITIES, type AssessmentView } from '../../api/types';
import { ErrorBox, Field } from '../../app/forms';
import { useToast } from '../../app/toasts';
import { useI18n, type MsgKey } from '../../i18n/i18n';
import { SeverityBadge } from '../incidents/badges';
import { BANDS, EMPTY_FORM, formFromAssessment, mapAssessmentErrors, validateAssessment, type AssessmentField, type AssessmentForm } from './assessment';

export function RiskScore({ assessment }: { assessment: AssessmentView }) {
  const { t } = useI18n();
  const score = Math.max(0, Math.min(100, assessment.riskScore));
  return (
    <div className="risk" data-testid="assessment-score" data-score={assessment.riskScore} data-suggested={assessment.suggestedSeverity}>
      <div className="risk-head">
        <span className="risk-number">{assessment.riskScore.toFixed(1)}</span>
        <span className="muted"> / 100</span>
        <span className="risk-suggested">
          {t('assessment.suggested')} <SeverityBadge severity={assessment.suggestedSeverity} />
        </span>
        <span className="risk-suggested">
          {t('assessment.current')} <SeverityBadge severity={assessment.severity} />
        </span>
      </div>
      <div className="risk-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={score} aria-label={t('assessment.score')}>
        {BANDS.map((b, i) => {
          const max = i === 0 ? 100 : BANDS[i - 1]!.min;
          return <span key={b.severity} className={`band band-${b.severity}`} style={{ left: `${b.min}%`, width: `${max - b.min}%` }} title={b.severity} />;
        })}
        <span className="risk-marker" style={{ left: `${score}%` }} />
      </div>
    </div>
  );
}

export function ExplanationTable({ assessment }: { assessment: AssessmentView }) {
  const { t, tv } = useI18n();
  return (
    <div className="table-wrap">
      <table data-testid="assessment-explanation">
        <caption className="visually-hidden">{t('assessment.explanation')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('assessment.factor')}</th>
            <th scope="col">{t('assessment.value')}</th>
            <th scope="col">{t('assessment.weight')}</th>
            <th scope="col">{t('assessment.factorScore')}</th>
            <th scope="col">{t('assessment.contribution')}</th>
            <th scope="col">{t('assessment.why')}</th>
          </tr>
        </thead>
        <tbody>
          {assessment.explanation.map((f) => (
            <tr key={f.factor} data-testid="assessment-factor" data-factor={f.factor}>
              <th scope="row">{tv('factor', f.factor)}</th>
              <td className="num">{fmt(f.value)}</td>
              <td className="num">{fmt(f.weight)}</td>
              <td className="num">{fmt(f.score)}</td>
              <td className="num">{fmt(f.contribution)}</td>
              <td>{f.explanation}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>
              {t('assessment.total')}
            </th>
            <td className="num">{fmt(assessment.riskScore)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString() : String(Math.round(n * 1000) / 1000);
}

export function AssessmentSection({
  incidentId,
  canAssess,
  tick,
  onAssessed,
}: {
  incidentId: string;
  canAssess: boolean;
  tick: number;
  onAssessed?: (a: AssessmentView) => void;
}) {
  const { t, tv, formatTime } = useI18n();
  const notify = useToast();
  const [latest, setLatest] = useState<AssessmentView | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [form, setForm] = useState<AssessmentForm>(EMPTY_FORM);
  const [touched, setTouched] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<AssessmentField, string[]>>>({});
  const [other, setOther] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    latestAssessment(incidentId)
      .then((a) => {
        setLatest(a);
        if (!touched) setForm(formFromAssessment(a));
      })
      .catch((e: unknown) => setOther([e instanceof Error ? e.message : String(e)]))
      .finally(() => setLoaded(true));
    // Reload on a new tick (live event), not when the user types.
  }, [incidentId, tick]);

  const set = <K extends keyof AssessmentForm>(k: K, v: AssessmentForm[K]) => {
    setTouched(true);
    setForm((f) => ({ ...f, [k]: v }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { body, errors: local } = validateAssessment(form);
    const localMsgs: Partial<Record<AssessmentField, string[]>> = {};
    for (const [k, list] of Object.entries(local)) localMsgs[k as AssessmentField] = list!.map((x) => t(x.key, x.params));
    setErrors(localMsgs);
    setOther([]);
    if (!body) return;
    setBusy(true);
    try {
      const a = await submitAssessment(incidentId, body);
      setLatest(a);
      setTouched(false);
      setForm(formFromAssessment(a));
      onAssessed?.(a);
      notify(t('assessment.recorded', { score: a.riskScore.toFixed(1), severity: a.suggestedSeverity }), 'success');
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const { byField, other: rest } = mapAssessmentErrors(err.errors);
        setErrors(byField);
        setOther(rest.length || Object.keys(byField).length ? rest : [err.message]);
      } else setOther([err instanceof Error ? err.message : String(err)]);
    } finally {
      setBusy(false);
    }
  }

  const num = (field: 'affectedContent' | 'exposure' | 'spreadPerHour' | 'sensitivity', label: MsgKey, hint: MsgKey, required: boolean, step: string) => (
    <Field label={t(label)} name={field} required={required} hint={t(hint)} errors={errors[field]}>
      {(p) => (
        <input
          {...p}
          type="number"
          inputMode="decimal"
          min={0}
          max={field === 'sensitivity' ? 1 : undefined}
          step={step}
          value={form[field]}
          onChange={(e) => set(field, e.target.value)}
          data-testid={`assessment-${field}`}
        />
      )}
    </Field>
  );

  return (
    <section className="panel" aria-labelledby="sec-assessment" data-testid="assessment-section">
      <h2 id="sec-assessment">{t('assessment.title')}</h2>
      {loaded && !latest && <p className="muted">{t('assessment.none')}</p>}
      {latest && (
        <div className="assessment-result">
          <RiskScore assessment={latest} />
          <p className="muted small">
            {t('assessment.by', { by: latest.createdBy, at: formatTime(latest.createdAt) })}
          </p>
          <ExplanationTable assessment={latest} />
        </div>
      )}
      {canAssess && (
        <form className="assessment-form" onSubmit={submit} noValidate data-testid="assessment-form">
          <h3>{latest ? t('assessment.reassess') : t('assessment.assess')}</h3>
          <div className="field-row">
            {num('affectedContent', 'assessment.affectedContent', 'assessment.affectedContentHint', true, '1')}
            {num('exposure', 'assessment.exposure', 'assessment.exposureHint', true, '1')}
            {num('spreadPerHour', 'assessment.spreadPerHour', 'assessment.spreadPerHourHint', true, 'any')}
            {num('sensitivity', 'assessment.sensitivity', 'assessment.sensitivityHint', false, '0.05')}
          </div>
          <div className="field checkbox-field" data-field="minorsInvolved">
            <label>
              <input
                type="checkbox"
                checked={form.minorsInvolved}
                onChange={(e) => set('minorsInvolved', e.target.checked)}
                data-testid="assessment-minorsInvolved"
              />
              {t('assessment.minorsInvolved')}
            </label>
          </div>
          <div className="field-row">
            <Field label={t('assessment.overrideSeverity')} name="overrideSeverity" hint={t('assessment.overrideHint')} errors={errors.overrideSeverity}>
              {(p) => (
                <select {...p} value={form.overrideSeverity} onChange={(e) => set('overrideSeverity', e.target.value)} data-testid="assessment-overrideSeverity">
                  <option value="">{t('assessment.noOverride')}</option>
                  {SEVERITIES.map((s) => (
                    <option key={s} value={s}>
                      {tv('severity', s)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('assessment.overrideReason')} name="overrideReason" required={!!form.overrideSeverity} errors={errors.overrideReason}>
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={form.overrideReason}
                  onChange={(e) => set('overrideReason', e.target.value)}
                  disabled={!form.overrideSeverity}
                  data-testid="assessment-overrideReason"
                />
              )}
            </Field>
          </div>
          <ErrorBox messages={other} />
          <div className="form-buttons">
            <button type="submit" disabled={busy} data-testid="assessment-submit">
              {busy ? t('assessment.submitting') : t('assessment.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
