import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { acceptHandoff, declineHandoff, listHandoffs, listIncidents } from '../../api/endpoints';
import type { Handoff, IncidentDoc } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { href } from '../../app/router';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents, useResync } from '../../live/useLive';
import { IncidentTable } from '../incidents/IncidentListPage';
import { SlaCountdown } from '../sla/SlaCountdown';

/** Pending handoffs first due first; undated ones last. */
export function sortByDue(items: Handoff[]): Handoff[] {
  const due = (h: Handoff) => (h.dueAt ? Date.parse(h.dueAt) : Number.POSITIVE_INFINITY);
  return [...items].sort((a, b) => due(a) - due(b));
}

export function InboxPage() {
  const { t } = useI18n();
  const [items, setItems] = useState<Handoff[] | null>(null);
  const [mine, setMine] = useState<IncidentDoc[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    listHandoffs('pending', 'incoming')
      .then((hs) => {
        setItems(sortByDue(hs));
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
    listIncidents({ status: 'open', pageSize: 50 })
      .then((r) => setMine(r.items))
      .catch(() => undefined);
  }, []);
  useEffect(load, [load]);
  const reload = useDebounced(load, 300);
  useLiveEvents((e) => {
    // report.published makes its audience departments involved: the incident joins "my incidents".
    if (e.type.startsWith('handoff.') || e.type.startsWith('incident.') || e.type === 'sla.breached' || e.type === 'report.published') reload();
  });
  useResync(reload);

  return (
    <div className="page inbox-page">
      <h1>{t('inbox.title')}</h1>
      <ErrorBox messages={error ? [t('app.error', { message: error })] : []} />
      {!items && !error && <p className="muted">{t('app.loading')}</p>}
      {items && items.length === 0 && <p className="muted empty">{t('inbox.empty')}</p>}
      {items && items.length > 0 && (
        <ul className="inbox-list" data-testid="inbox-list">
          {items.map((h) => (
            <InboxItem key={h.id} handoff={h} onChanged={load} />
          ))}
        </ul>
      )}
      <section aria-labelledby="my-incidents">
        <h2 id="my-incidents">{t('inbox.myIncidents')}</h2>
        {mine ? <IncidentTable items={mine} /> : <p className="muted">{t('app.loading')}</p>}
      </section>
    </div>
  );
}

function InboxItem({ handoff: h, onChanged }: { handoff: Handoff; onChanged: () => void }) {
  const { t, tv, formatTime } = useI18n();
  const notify = useToast();
  const [mode, setMode] = useState<'accept' | 'decline' | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = `inbox-${h.id}-text`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (mode === 'decline' && !text.trim()) {
      setError(t('validation.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (mode === 'accept') await acceptHandoff(h.id, text.trim() || undefined);
      else await declineHandoff(h.id, text.trim());
      notify(t(mode === 'accept' ? 'inbox.accepted' : 'inbox.declined', { key: h.incidentKey }), 'success');
      setMode(null);
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        notify(t('inbox.notPending'), 'error');
        setMode(null);
        onChanged();
      } else if (err instanceof ApiError && err.status === 400) {
        setError(Object.values(err.errors).flat().join(' ') || err.message);
      } else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="inbox-item panel" data-testid="inbox-item" data-handoff-id={h.id} data-incident-id={h.incidentId}>
      <div className="inbox-head">
        <a href={href.incident(h.incidentId)} className="incident-key">
          {h.incidentKey}
        </a>
        <SlaCountdown dueAt={h.dueAt} />
      </div>
      <div className="muted small">
        {t('handoff.from')}: {tv('department', h.fromDepartment)} · {t('handoff.to')}: {tv('department', h.toDepartment)} ·{' '}
        {t('handoff.requestedAt')}: {formatTime(h.requestedAt)}
      </div>
      {h.note && <p className="note">{h.note}</p>}
      {mode === null ? (
        <div className="form-buttons">
          <button type="button" onClick={() => { setMode('accept'); setText(''); setError(null); }} data-testid="inbox-accept">
            {t('inbox.accept')}
          </button>
          <button type="button" className="danger" onClick={() => { setMode('decline'); setText(''); setError(null); }} data-testid="inbox-decline">
            {t('inbox.decline')}
          </button>
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="inbox-form" data-testid={`inbox-${mode}-form`}>
          <div className={`field${error ? ' field-invalid' : ''}`}>
            <label htmlFor={fieldId}>
              {mode === 'accept' ? t('inbox.acceptNote') : t('inbox.declineReason')}
              {mode === 'decline' && <span className="req" aria-hidden="true"> *</span>}
            </label>
            <textarea
              id={fieldId}
              rows={2}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-required={mode === 'decline' || undefined}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${fieldId}-err` : undefined}
              autoFocus
            />
            {error && (
              <div className="field-error" id={`${fieldId}-err`} role="alert">
                {error}
              </div>
            )}
          </div>
          <div className="form-buttons">
            <button type="submit" disabled={busy} className={mode === 'decline' ? 'danger' : undefined} data-testid="inbox-confirm">
              {mode === 'accept' ? t('inbox.confirmAccept') : t('inbox.confirmDecline')}
            </button>
            <button type="button" className="secondary" onClick={() => setMode(null)}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
