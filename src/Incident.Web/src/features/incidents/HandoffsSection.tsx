import { useState, type FormEvent } from 'react';
import { ApiError, mapFieldErrors } from '../../api/client';
import { requestHandoff } from '../../api/endpoints';
import type { Handoff } from '../../api/types';
import { ErrorBox, Field, RefOptions } from '../../app/forms';
import { useReference } from '../../app/reference';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { SlaCountdown } from '../sla/SlaCountdown';
import { StatusBadge } from './badges';

export function HandoffList({ handoffs }: { handoffs: Handoff[] }) {
  const { t, tv, formatTime } = useI18n();
  if (!handoffs.length) return <p className="muted">{t('detail.noHandoffs')}</p>;
  return (
    <ul className="handoff-list" data-testid="handoff-list">
      {handoffs.map((h) => (
        <li key={h.id} className={`handoff handoff-${h.status}`} data-testid="handoff-item" data-handoff-id={h.id} data-status={h.status}>
          <div className="handoff-head">
            <span>
              {tv('department', h.fromDepartment)} → <strong>{tv('department', h.toDepartment)}</strong>
            </span>
            <StatusBadge status={h.status} />
          </div>
          {h.note && <p className="note">{h.note}</p>}
          <div className="muted small">
            {t('handoff.requestedAt')}: {formatTime(h.requestedAt)}
            {h.status === 'pending' && h.dueAt && (
              <>
                {' · '}
                {t('handoff.due')}: <SlaCountdown dueAt={h.dueAt} />
              </>
            )}
            {h.respondedBy && ` · ${t('handoff.respondedBy', { who: h.respondedBy })}`}
          </div>
        </li>
      ))}
    </ul>
  );
}

export function RequestHandoffForm({ incidentId, onDone }: { incidentId: string; onDone: () => void }) {
  const { t, tv } = useI18n();
  const ref = useReference();
  const notify = useToast();
  const [toDepartment, setTo] = useState('');
  const [note, setNote] = useState('');
  const [minutes, setMinutes] = useState('');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string[]> = {};
    if (!toDepartment) errs.toDepartment = [t('validation.required')];
    const n = minutes.trim() ? Number(minutes) : undefined;
    if (n !== undefined && (!Number.isInteger(n) || n < 1)) errs.acceptWithinMinutes = [t('validation.min', { min: 1 })];
    setErrors(errs);
    setGeneral([]);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await requestHandoff(incidentId, { toDepartment, note, ...(n !== undefined ? { acceptWithinMinutes: n } : {}) });
      notify(t('handoff.requested', { department: tv('department', toDepartment) }), 'success');
      setTo('');
      setNote('');
      setMinutes('');
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const m = mapFieldErrors(err.errors, ['toDepartment', 'note', 'acceptWithinMinutes']);
        setErrors(m.byField);
        setGeneral(m.other.length || Object.keys(m.byField).length ? m.other : [err.message]);
      } else setGeneral([err instanceof Error ? err.message : String(err)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="handoff-form" onSubmit={submit} noValidate data-testid="request-handoff-form">
      <h3>{t('handoff.request')}</h3>
      <div className="field-row">
        <Field label={t('handoff.toDepartment')} name="toDepartment" required errors={errors.toDepartment}>
          {(p) => (
            <select {...p} name="toDepartment" value={toDepartment} onChange={(e) => setTo(e.target.value)}>
              <option value="">{t('create.choose')}</option>
              <RefOptions items={ref.departments} prefix="department" />
            </select>
          )}
        </Field>
        <Field label={t('handoff.acceptWithin')} name="acceptWithinMinutes" errors={errors.acceptWithinMinutes}>
          {(p) => (
            <input {...p} name="acceptWithinMinutes" type="number" min={1} step={1} inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          )}
        </Field>
      </div>
      <Field label={t('handoff.note')} name="note" errors={errors.note}>
        {(p) => <textarea {...p} name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <ErrorBox messages={general} />
      <button type="submit" disabled={busy} data-testid="request-handoff-submit">
        {t('handoff.submit')}
      </button>
    </form>
  );
}
