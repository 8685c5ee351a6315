import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, mapFieldErrors } from '../../api/client';
import type { IncidentDoc } from '../../api/types';
import { ErrorBox, Field } from '../../app/forms';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { can, session } from '../auth/session';
import { listUpdates, postUpdate, UPDATE_STATUSES, type StatusUpdate, type UpdateStatus } from './api';

const NEXT_MINUTES = [15, 30, 60, 120, 240];

/** Issue 10 item 3: the latest status update and the "post update" form. */
export function StatusUpdatePanel({ incident, tick }: { incident: IncidentDoc; tick: number }) {
  const { t, tv, formatTime } = useI18n();
  const notify = useToast();
  const user = session.get()?.user ?? null;
  const [latest, setLatest] = useState<StatusUpdate | null>(null);
  const [posting, setPosting] = useState(false);
  const [status, setStatus] = useState<UpdateStatus>('investigating');
  const [impact, setImpact] = useState('');
  const [next, setNext] = useState('30');
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  // The server also lets the lead and assignees post; it answers 403 otherwise.
  const mayPost = incident.status === 'open' && !!user && (can.workIncidents(user) || user.username === incident.lead);

  const load = useCallback(() => listUpdates(incident.id).then((r) => setLatest(r.items?.[0] ?? null)).catch(() => undefined), [incident.id]);
  useEffect(() => {
    void load();
  }, [load, tick]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!impact.trim()) {
      setErrors({ impact: [t('validation.required')] });
      return;
    }
    setBusy(true);
    try {
      const posted = await postUpdate(incident.id, { status, impact: impact.trim(), ...(next ? { nextUpdateInMinutes: Number(next) } : {}) });
      setLatest(posted);
      setPosting(false);
      setImpact('');
      setErrors({});
      setGeneral([]);
      notify(t('update.posted'), 'success');
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const m = mapFieldErrors(err.errors, ['status', 'impact', 'nextUpdateInMinutes']);
        setErrors(m.byField);
        setGeneral(m.other);
      } else setGeneral([err instanceof Error ? err.message : String(err)]);
    } finally {
      setBusy(false);
    }
  }

  const overdue = !!latest?.nextUpdateDueAt && new Date(latest.nextUpdateDueAt).getTime() <= Date.now();
  return (
    <section className="panel" aria-labelledby="sec-update" data-testid="status-update-panel">
      <h2 id="sec-update">{t('update.title')}</h2>
      {latest ? (
        <div data-testid="latest-update" data-status={latest.status}>
          <p>
            <span className={`chip update-${latest.status}`}>{tv('updateStatus', latest.status)}</span> {latest.impact}
          </p>
          <p className="muted small">
            {t('update.by', { who: latest.postedBy, time: formatTime(latest.postedAt) })}
            {latest.nextUpdateDueAt && ` · ${t('update.nextDue', { time: formatTime(latest.nextUpdateDueAt) })}`}
            {overdue && (
              <strong className="overdue" data-testid="update-overdue">
                {' '}
                · {t('update.overdue')}
              </strong>
            )}
          </p>
        </div>
      ) : (
        <p className="muted">{t('update.none')}</p>
      )}
      {mayPost && !posting && (
        <button type="button" onClick={() => setPosting(true)} data-testid="post-update">
          {t('update.post')}
        </button>
      )}
      {posting && (
        <form onSubmit={submit} noValidate data-testid="post-update-form">
          <div className="field-row">
            <Field label={t('update.status')} name="status" required errors={errors.status}>
              {(p) => (
                <select {...p} name="status" value={status} onChange={(e) => setStatus(e.target.value as UpdateStatus)}>
                  {UPDATE_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {tv('updateStatus', s)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('update.next')} name="nextUpdateInMinutes" errors={errors.nextUpdateInMinutes}>
              {(p) => (
                <select {...p} name="nextUpdateInMinutes" value={next} onChange={(e) => setNext(e.target.value)}>
                  <option value="">{t('update.nextNone')}</option>
                  {NEXT_MINUTES.map((m) => (
                    <option key={m} value={String(m)}>
                      {m < 60 ? t('update.minutesN', { count: m }) : t('update.hoursN', { count: m / 60 })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field label={t('update.impact')} name="impact" required errors={errors.impact}>
            {(p) => <textarea {...p} name="impact" rows={2} value={impact} onChange={(e) => setImpact(e.target.value)} />}
          </Field>
          <ErrorBox messages={general} />
          <button type="submit" disabled={busy} data-testid="post-update-submit">
            {busy ? t('update.posting') : t('update.post')}
          </button>{' '}
          <button type="button" onClick={() => setPosting(false)}>
            {t('app.cancel')}
          </button>
        </form>
      )}
    </section>
  );
}
