import { useId } from 'react';
import { useI18n } from '../../i18n/i18n';
import { LADDER_ACTIONS } from './governanceTypes';
import { appendRow, moveRow, type LadderRow } from './rules';

type Errors = Record<string, string[]>;

/** Rows of (strike, action, days); problems under `ladder[i].<field>` and `ladder` / `ladder[i]` come from the client check or the server. */
export function LadderEditor({ rows, onChange, errors }: { rows: LadderRow[]; onChange: (rows: LadderRow[]) => void; errors: Errors }) {
  const { t, tv } = useI18n();
  const id = useId();
  const listErrors = errors.ladder;
  const set = (i: number, field: 'strike' | 'action' | 'durationDays', value: string) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, [field]: value } : r)));

  return (
    <fieldset className={`field ladder-editor${listErrors?.length ? ' field-invalid' : ''}`} data-field="ladder" data-testid="ladder-editor" aria-describedby={`${id}-hint${listErrors?.length ? ` ${id}-err` : ''}`}>
      <legend>{t('gov.field.ladder')}</legend>
      <p className="hint" id={`${id}-hint`}>
        {t('gov.ladder.hint')}
      </p>
      {rows.length === 0 && <p className="muted">{t('gov.ladder.empty')}</p>}
      <ol className="ladder-rows">
        {rows.map((row, i) => {
          const base = `${id}-${row.rowId}`;
          const err = (f: string) => errors[`ladder[${i}].${f}`];
          const rowErr = errors[`ladder[${i}]`];
          const n = i + 1;
          return (
            <li key={row.rowId} className="ladder-row" data-testid="ladder-row" data-index={i}>
              <div className={`field${err('strike') ? ' field-invalid' : ''}`}>
                <label htmlFor={`${base}-strike`}>{t('gov.ladder.strikeN', { n })}</label>
                <input
                  id={`${base}-strike`}
                  type="number"
                  min={1}
                  step={1}
                  inputMode="numeric"
                  value={row.strike}
                  onChange={(e) => set(i, 'strike', e.target.value)}
                  aria-invalid={err('strike') ? true : undefined}
                  aria-describedby={err('strike') ? `${base}-strike-err` : undefined}
                  data-testid="ladder-strike"
                />
                {err('strike') && (
                  <div className="field-error" id={`${base}-strike-err`} data-testid={`field-error-ladder-${i}-strike`}>
                    {err('strike')!.join(' ')}
                  </div>
                )}
              </div>
              <div className={`field${err('action') ? ' field-invalid' : ''}`}>
                <label htmlFor={`${base}-action`}>{t('gov.ladder.actionN', { n })}</label>
                <select
                  id={`${base}-action`}
                  value={row.action}
                  onChange={(e) => set(i, 'action', e.target.value)}
                  aria-invalid={err('action') ? true : undefined}
                  aria-describedby={err('action') ? `${base}-action-err` : undefined}
                  data-testid="ladder-action"
                >
                  <option value="">{t('gov.form.choose')}</option>
                  {LADDER_ACTIONS.map((a) => (
                    <option key={a} value={a}>
                      {tv('gov.action', a)}
                    </option>
                  ))}
                </select>
                {err('action') && (
                  <div className="field-error" id={`${base}-action-err`} data-testid={`field-error-ladder-${i}-action`}>
                    {err('action')!.join(' ')}
                  </div>
                )}
              </div>
              <div className={`field${err('durationDays') ? ' field-invalid' : ''}`}>
                <label htmlFor={`${base}-days`}>{t('gov.ladder.daysN', { n })}</label>
                <input
                  id={`${base}-days`}
                  type="number"
                  min={1}
                  step={1}
                  inputMode="numeric"
                  value={row.durationDays}
                  onChange={(e) => set(i, 'durationDays', e.target.value)}
                  aria-invalid={err('durationDays') ? true : undefined}
                  aria-describedby={`${base}-days-hint${err('durationDays') ? ` ${base}-days-err` : ''}`}
                  data-testid="ladder-days"
                />
                <div className="hint" id={`${base}-days-hint`}>
                  {t('gov.ladder.daysHint')}
                </div>
                {err('durationDays') && (
                  <div className="field-error" id={`${base}-days-err`} data-testid={`field-error-ladder-${i}-durationDays`}>
                    {err('durationDays')!.join(' ')}
                  </div>
                )}
              </div>
              <div className="ladder-row-tools">
                <button type="button" className="secondary" disabled={i === 0} onClick={() => onChange(moveRow(rows, i, -1))} data-testid="ladder-up">
                  {t('gov.ladder.up', { n })}
                </button>
                <button type="button" className="secondary" disabled={i === rows.length - 1} onClick={() => onChange(moveRow(rows, i, 1))} data-testid="ladder-down">
                  {t('gov.ladder.down', { n })}
                </button>
                <button type="button" className="secondary" onClick={() => onChange(rows.filter((_, j) => j !== i))} data-testid="ladder-remove">
                  {t('gov.ladder.remove', { n })}
                </button>
              </div>
              {rowErr && (
                <div className="field-error ladder-row-error" data-testid={`field-error-ladder-${i}`}>
                  {rowErr.join(' ')}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <div className="form-buttons">
        <button type="button" className="secondary" onClick={() => onChange(appendRow(rows, LADDER_ACTIONS))} data-testid="ladder-add">
          {t('gov.ladder.add')}
        </button>
      </div>
      {listErrors?.length ? (
        <div className="field-error" id={`${id}-err`} data-testid="field-error-ladder">
          {listErrors.join(' ')}
        </div>
      ) : null}
    </fieldset>
  );
}
