import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { ErrorBox, Field, RefOptions } from '../../app/forms';
import { useReference } from '../../app/reference';
import { useI18n } from '../../i18n/i18n';
import { Markdown } from '../reports/markdown';
import { createRule, updateRule } from './governanceApi';
import { DETECTIONS, RULE_KINDS, SUBJECT_TYPES, type Rule } from './governanceTypes';
import { LadderEditor } from './LadderEditor';
import { CheckboxGroup, IncidentsPicker, MemberRulesPicker, SeriesSelect } from './RulePickers';
import { checkLadder, checkValues, mapRuleErrors, toRuleInput, type Problem, type RuleFormValues } from './rules';
import { useSeriesList } from './seriesLabels';
import './rules.css';

type Errors = Record<string, string[]>;

const isLadderPath = (p: string) => p === 'ladder' || p.startsWith('ladder[');

/** Create (no `rule`) or edit the latest version of `rule`; `onSaved` gets the server's answer. */
export function RuleForm({ initial, rule, onSaved, onCancel }: {
  initial: RuleFormValues;
  rule?: Rule;
  onSaved: (r: Rule) => void;
  onCancel: () => void;
}) {
  const { t, tv } = useI18n();
  const ref = useReference();
  const { series } = useSeriesList();
  const [v, setV] = useState<RuleFormValues>(initial);
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [checkErrors, setCheckErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const msgs = (problems: Record<string, Problem>): Errors =>
    Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, [t(p.key, p.params)]]));
  // The ladder is checked as it is edited; other fields when submitting.
  const ladderLive = msgs(checkLadder(v.ladder, v.kind === 'rule'));
  const errors: Errors = { ...checkErrors, ...serverErrors };
  for (const k of Object.keys(errors)) if (isLadderPath(k) && !serverErrors[k]) delete errors[k];
  Object.assign(errors, ladderLive);
  const err = (path: string) => errors[path];

  const set = <K extends keyof RuleFormValues>(k: K, value: RuleFormValues[K]) => {
    setV((cur) => ({ ...cur, [k]: value }));
    setCheckErrors((cur) => withoutKey(cur, k === 'incidents' ? 'incidents' : String(k)));
    setServerErrors((cur) => (k === 'ladder' ? Object.fromEntries(Object.entries(cur).filter(([p]) => !isLadderPath(p))) : withoutKey(cur, String(k))));
  };
  const setTarget = (k: 'violationRateChange' | 'minPrecision' | 'minCoverage', value: string) => {
    setV((cur) => ({ ...cur, [k]: value }));
    setCheckErrors((cur) => withoutKey(cur, `targets.${k}`));
    setServerErrors((cur) => withoutKey(withoutKey(cur, `targets.${k}`), 'targets'));
  };
  const text = (k: 'name' | 'strikeWindowDays' | 'graveStartsAtStrike' | 'evaluationWindowDays' | 'appealSlaHours' | 'characteristics') =>
    (e: { target: { value: string } }) => set(k, e.target.value);
  const pick = (k: 'kind' | 'businessLine' | 'category' | 'subjectType' | 'detection' | 'ownerDepartment') =>
    (e: { target: { value: string } }) => set(k, e.target.value);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems = msgs(checkValues(v));
    setCheckErrors(problems);
    setServerErrors({});
    if (Object.keys(problems).length) {
      setGeneral([t('create.fixErrors')]);
      return;
    }
    setGeneral([]);
    setBusy(true);
    try {
      const body = toRuleInput(v);
      const saved = rule ? await updateRule(rule.id, { ...body, expectedVersion: rule.rowVersion ?? rule.version }) : await createRule(body);
      onSaved(saved);
    } catch (ex) {
      if (ex instanceof ApiError && ex.status === 400) {
        const { byPath, other } = mapRuleErrors(ex.errors);
        setServerErrors(byPath);
        setGeneral([...(Object.keys(byPath).length ? [t('create.fixErrors')] : other.length ? [] : [ex.message]), ...other]);
      } else if (ex instanceof ApiError && ex.status === 409) setGeneral([t('gov.form.conflict'), ex.message]);
      else setGeneral([ex instanceof Error ? ex.message : String(ex)]);
    } finally {
      setBusy(false);
    }
  }

  const depts = ref.departments.map((d) => ({ value: d.value, label: tv('department', d.value, d.label) }));
  return (
    <form className="rule-form" onSubmit={submit} noValidate data-testid="rule-form" aria-label={rule ? t('gov.form.editTitle', { key: rule.key }) : t('gov.form.newTitle')}>
      <ErrorBox messages={general} />
      <section className="panel" aria-labelledby="rule-sec-what">
        <h2 id="rule-sec-what">{t('gov.form.what')}</h2>
        <Field label={t('gov.field.name')} name="name" required errors={err('name')}>
          {(p) => <input {...p} type="text" value={v.name} maxLength={200} onChange={text('name')} data-testid="rule-name" />}
        </Field>
        <div className="field-row">
          <Field label={t('gov.field.kind')} name="kind" required errors={err('kind')} hint={t('gov.form.kindHint')}>
            {(p) => (
              <select {...p} value={v.kind} onChange={pick('kind')} data-testid="rule-kind">
                {RULE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {tv('gov.kind', k)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('field.businessLine')} name="businessLine" required errors={err('businessLine')}>
            {(p) => (
              <select {...p} value={v.businessLine} onChange={pick('businessLine')} data-testid="rule-businessLine">
                <option value="">{t('gov.form.choose')}</option>
                <RefOptions items={ref.businessLines} prefix="businessLine" />
              </select>
            )}
          </Field>
          <Field label={t('field.category')} name="category" required errors={err('category')}>
            {(p) => (
              <select {...p} value={v.category} onChange={pick('category')} data-testid="rule-category">
                <option value="">{t('gov.form.choose')}</option>
                <RefOptions items={ref.categories} prefix="category" />
              </select>
            )}
          </Field>
        </div>
        <div className="field-row">
          <Field label={t('gov.field.subjectType')} name="subjectType" required errors={err('subjectType')}>
            {(p) => (
              <select {...p} value={v.subjectType} onChange={pick('subjectType')} data-testid="rule-subjectType">
                <option value="">{t('gov.form.choose')}</option>
                {SUBJECT_TYPES.map((s) => (
                  <option key={s} value={s}>
                    {tv('gov.subjectType', s)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('gov.field.detection')} name="detection" required errors={err('detection')}>
            {(p) => (
              <select {...p} value={v.detection} onChange={pick('detection')} data-testid="rule-detection">
                <option value="">{t('gov.form.choose')}</option>
                {DETECTIONS.map((d) => (
                  <option key={d} value={d}>
                    {tv('gov.detection', d)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label={t('gov.field.characteristics')} name="characteristics" required errors={err('characteristics')} hint={t('gov.form.characteristicsHint')}>
          {(p) => <textarea {...p} className="code" rows={8} value={v.characteristics} onChange={text('characteristics')} data-testid="rule-characteristics" />}
        </Field>
        <details className="rule-preview">
          <summary>{t('gov.form.preview')}</summary>
          <Markdown source={v.characteristics} testId="rule-characteristics-preview" />
        </details>
      </section>

      <section className="panel" aria-labelledby="rule-sec-who">
        <h2 id="rule-sec-who">{t('gov.form.who')}</h2>
        <Field label={t('gov.field.ownerDepartment')} name="ownerDepartment" errors={err('ownerDepartment')} hint={t('gov.form.ownerHint')}>
          {(p) => (
            <select {...p} value={v.ownerDepartment} onChange={pick('ownerDepartment')} data-testid="rule-ownerDepartment">
              <option value="">{t('gov.form.myDepartment')}</option>
              <RefOptions items={ref.departments} prefix="department" />
            </select>
          )}
        </Field>
        <CheckboxGroup
          legend={t('gov.field.implementingDepartments')}
          name="implementingDepartments"
          options={depts}
          selected={v.implementingDepartments}
          onChange={(x) => set('implementingDepartments', x)}
          errors={err('implementingDepartments')}
          hint={t('gov.form.implementingHint')}
        />
        <IncidentsPicker value={v.incidents} onChange={(x) => set('incidents', x)} errors={err('incidents')} />
        {v.kind === 'strategy' && <MemberRulesPicker selfId={rule?.id} value={v.memberRuleIds} onChange={(x) => set('memberRuleIds', x)} errors={err('memberRuleIds')} />}
      </section>

      <section className="panel" aria-labelledby="rule-sec-ladder">
        <h2 id="rule-sec-ladder">{t('gov.form.penalties')}</h2>
        <LadderEditor rows={v.ladder} onChange={(rows) => set('ladder', rows)} errors={errors} />
        <div className="field-row">
          <Field label={t('gov.field.strikeWindowDays')} name="strikeWindowDays" required errors={err('strikeWindowDays')} hint={t('gov.form.strikeWindowHint')}>
            {(p) => <input {...p} type="number" min={1} step={1} value={v.strikeWindowDays} onChange={text('strikeWindowDays')} data-testid="rule-strikeWindowDays" />}
          </Field>
          <Field label={t('gov.field.graveStartsAtStrike')} name="graveStartsAtStrike" errors={err('graveStartsAtStrike')} hint={t('gov.form.graveHint')}>
            {(p) => <input {...p} type="number" min={1} step={1} value={v.graveStartsAtStrike} onChange={text('graveStartsAtStrike')} data-testid="rule-graveStartsAtStrike" />}
          </Field>
          <Field label={t('gov.field.appealSlaHours')} name="appealSlaHours" required errors={err('appealSlaHours')} hint={t('gov.form.appealSlaHint')}>
            {(p) => <input {...p} type="number" min={1} step={1} value={v.appealSlaHours} onChange={text('appealSlaHours')} data-testid="rule-appealSlaHours" />}
          </Field>
        </div>
        <div className={`field checkbox-field${err('rollUpToGuild') ? ' field-invalid' : ''}`}>
          <label>
            <input type="checkbox" checked={v.rollUpToGuild} onChange={(e) => set('rollUpToGuild', e.target.checked)} data-testid="rule-rollUpToGuild" />
            {t('gov.field.rollUpToGuild')}
          </label>
          <div className="hint">{t('gov.form.rollUpHint')}</div>
          {err('rollUpToGuild') && <div className="field-error" data-testid="field-error-rollUpToGuild">{err('rollUpToGuild')!.join(' ')}</div>}
        </div>
      </section>

      <section className="panel" aria-labelledby="rule-sec-measure">
        <h2 id="rule-sec-measure">{t('gov.form.measure')}</h2>
        <div className="field-row">
          <SeriesSelect label={t('gov.field.signalSeries')} name="signalSeriesId" value={v.signalSeriesId} onChange={(x) => set('signalSeriesId', x)} series={series} hint={t('gov.form.signalHint')} errors={err('signalSeriesId')} />
          <SeriesSelect label={t('gov.field.controlSeries')} name="controlSeriesId" value={v.controlSeriesId} onChange={(x) => set('controlSeriesId', x)} series={series} hint={t('gov.form.controlHint')} errors={err('controlSeriesId')} />
        </div>
        <fieldset className={`field${err('targets') ? ' field-invalid' : ''}`} data-field="targets">
          <legend>{t('gov.field.targets')}</legend>
          <div className="field-row">
            <Field label={t('gov.field.violationRateChangePct')} name="targets.violationRateChange" errors={err('targets.violationRateChange')} hint={t('gov.form.changeHint')}>
              {(p) => <input {...p} type="text" value={v.violationRateChange} onChange={(e) => setTarget('violationRateChange', e.target.value)} data-testid="rule-violationRateChange" />}
            </Field>
            <Field label={t('gov.field.minPrecisionPct')} name="targets.minPrecision" errors={err('targets.minPrecision')} hint={t('gov.form.precisionHint')}>
              {(p) => <input {...p} type="text" inputMode="decimal" value={v.minPrecision} onChange={(e) => setTarget('minPrecision', e.target.value)} data-testid="rule-minPrecision" />}
            </Field>
            <Field label={t('gov.field.minCoveragePct')} name="targets.minCoverage" errors={err('targets.minCoverage')} hint={t('gov.form.coverageHint')}>
              {(p) => <input {...p} type="text" inputMode="decimal" value={v.minCoverage} onChange={(e) => setTarget('minCoverage', e.target.value)} data-testid="rule-minCoverage" />}
            </Field>
          </div>
          {err('targets') && <div className="field-error" data-testid="field-error-targets">{err('targets')!.join(' ')}</div>}
        </fieldset>
        <Field label={t('gov.field.evaluationWindowDays')} name="evaluationWindowDays" required errors={err('evaluationWindowDays')} hint={t('gov.form.evaluationHint')}>
          {(p) => <input {...p} type="number" min={1} step={1} value={v.evaluationWindowDays} onChange={text('evaluationWindowDays')} data-testid="rule-evaluationWindowDays" />}
        </Field>
      </section>

      <div className="form-buttons">
        <button type="submit" disabled={busy} data-testid="rule-submit">
          {busy ? t('gov.form.saving') : rule ? t('gov.form.saveChanges') : t('gov.form.create')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

function withoutKey(e: Errors, k: string): Errors {
  if (!(k in e)) return e;
  const next = { ...e };
  delete next[k];
  return next;
}
