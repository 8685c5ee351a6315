import { useEffect, useId, useState, type ReactNode } from 'react';
import { listIncidents } from '../../api/endpoints';
import type { IncidentDoc, SeriesView } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { listRules } from './governanceApi';
import type { IncidentRef, Rule } from './governanceTypes';
import { incidentLabel } from './rules';
import { seriesLabel } from './seriesLabels';

function GroupError({ id, name, errors }: { id: string; name: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div className="field-error" id={id} data-testid={`field-error-${name}`}>
      {errors.join(' ')}
    </div>
  );
}

/** Checkboxes in a fieldset, hint and error tied to the group. */
export function CheckboxGroup({ legend, name, options, selected, onChange, errors, hint }: {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  selected: string[];
  onChange: (next: string[]) => void;
  errors?: string[];
  hint?: ReactNode;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', errors?.length ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className={`field${errors?.length ? ' field-invalid' : ''}`} data-field={name} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      <div className="checkbox-grid">
        {options.map((o) => (
          <label key={o.value} className="radio">
            <input
              type="checkbox"
              name={name}
              value={o.value}
              checked={selected.includes(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...selected, o.value] : selected.filter((x) => x !== o.value))}
              data-testid={`${name}-${o.value}`}
            />
            {o.label}
          </label>
        ))}
      </div>
      {hint && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <GroupError id={`${id}-err`} name={name} errors={errors} />
    </fieldset>
  );
}

/** A series picked by what it measures; the current value stays selectable even when the list does not hold it. */
export function SeriesSelect({ label, name, value, onChange, series, hint, errors }: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  series: SeriesView[];
  hint: string;
  errors?: string[];
}) {
  const i18n = useI18n();
  const id = useId();
  const known = !value || series.some((s) => s.id === value);
  return (
    <div className={`field${errors?.length ? ' field-invalid' : ''}`} data-field={name}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${id}-hint${errors?.length ? ` ${id}-err` : ''}`}
        aria-invalid={errors?.length ? true : undefined}
        data-testid={`rule-${name}`}
      >
        <option value="">{i18n.t('gov.form.noSeries')}</option>
        {!known && <option value={value}>{i18n.t('gov.series.unknown')}</option>}
        {series.map((s) => (
          <option key={s.id} value={s.id}>
            {seriesLabel(s, i18n)}
          </option>
        ))}
      </select>
      <div className="hint" id={`${id}-hint`}>
        {hint}
      </div>
      <GroupError id={`${id}-err`} name={name} errors={errors} />
    </div>
  );
}

/** Linked incidents as removable chips, plus a search to link more. */
export function IncidentsPicker({ value, onChange, errors }: { value: IncidentRef[]; onChange: (v: IncidentRef[]) => void; errors?: string[] }) {
  const { t } = useI18n();
  const id = useId();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<IncidentDoc[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  async function search() {
    setFailed(null);
    try {
      const page = await listIncidents({ q: q.trim() || undefined, status: 'open', page: 1, pageSize: 10 });
      setFound(page.items);
    } catch (e) {
      setFailed(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <fieldset className={`field${errors?.length ? ' field-invalid' : ''}`} data-field="incidents" data-testid="rule-incidents" aria-describedby={errors?.length ? `${id}-err` : undefined}>
      <legend>{t('gov.field.incidents')}</legend>
      {value.length === 0 ? (
        <p className="muted small">{t('gov.form.noIncidents')}</p>
      ) : (
        <ul className="chips">
          {value.map((i) => (
            <li key={i.id} className="chip" data-testid="rule-incident" data-incident-id={i.id}>
              {incidentLabel(i) || t('gov.incident.unnamed')}{' '}
              <button type="button" className="link-button" onClick={() => onChange(value.filter((x) => x.id !== i.id))}>
                {t('gov.form.unlink', { key: i.key || t('gov.incident.unnamed') })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="field-row inline-form">
        <div className="field grow">
          <label htmlFor={`${id}-q`}>{t('gov.form.findIncident')}</label>
          <input
            id={`${id}-q`}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void search();
              }
            }}
            placeholder={t('incidents.searchPlaceholder')}
          />
        </div>
        <div className="form-buttons">
          <button type="button" className="secondary" onClick={() => void search()} data-testid="rule-incident-search">
            {t('gov.form.search')}
          </button>
        </div>
      </div>
      {failed && <p className="error-text">{t('app.error', { message: failed })}</p>}
      {found && found.length === 0 && <p className="muted small">{t('gov.form.noMatch')}</p>}
      {found && found.length > 0 && (
        <ul className="pick-list">
          {found.map((inc) => {
            const linked = value.some((x) => x.id === inc.id);
            return (
              <li key={inc.id}>
                <span className="incident-key">{inc.key}</span> {inc.title}{' '}
                <button
                  type="button"
                  className="secondary"
                  disabled={linked}
                  onClick={() => onChange([...value, { id: inc.id, key: inc.key, title: inc.title }])}
                  data-testid="rule-incident-add"
                >
                  {linked ? t('gov.form.linked') : t('gov.form.link', { key: inc.key })}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <GroupError id={`${id}-err`} name="incidents" errors={errors} />
    </fieldset>
  );
}

/** The rules a strategy bundles (any rule but the strategy itself). */
export function MemberRulesPicker({ selfId, value, onChange, errors }: { selfId?: string; value: string[]; onChange: (v: string[]) => void; errors?: string[] }) {
  const { t } = useI18n();
  const [rules, setRules] = useState<Rule[] | null>(null);
  useEffect(() => {
    let alive = true;
    listRules({ pageSize: 200 })
      .then((p) => alive && setRules(p.items.filter((r) => r.id !== selfId && r.kind !== 'strategy')))
      .catch(() => alive && setRules([]));
    return () => {
      alive = false;
    };
  }, [selfId]);
  if (!rules) return <p className="muted">{t('app.loading')}</p>;
  return (
    <CheckboxGroup
      legend={t('gov.field.memberRules')}
      name="memberRuleIds"
      options={rules.map((r) => ({ value: r.id, label: `${r.key} ${r.name}` }))}
      selected={value}
      onChange={onChange}
      errors={errors}
      hint={rules.length === 0 ? t('gov.form.noRulesToBundle') : undefined}
    />
  );
}
