import { useCallback, useEffect, useState } from 'react';
import type { Handoff } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { href } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents, useResync } from '../../live/useLive';
import { SeverityBadge } from '../incidents/badges';
import { acceptedByMyDepartment, assignedToMe, type AssignedTask } from './api';

/** Issue 10 item 1: "assigned to me" and "accepted by my department" (still open). */
export function MyWorkPage() {
  const { t, tv, formatTime } = useI18n();
  const [tasks, setTasks] = useState<AssignedTask[] | null>(null);
  const [accepted, setAccepted] = useState<Handoff[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));
    void assignedToMe().then((r) => setTasks(r.items ?? []), fail);
    void acceptedByMyDepartment().then((r) => setAccepted(r.items ?? []), fail);
  }, []);
  useEffect(() => load(), [load]);
  const refresh = useDebounced(load, 500);
  useLiveEvents((e) => {
    if (e.type.startsWith('task.') || e.type.startsWith('handoff.') || e.type === 'incident.closed') refresh();
  });
  useResync(refresh);

  return (
    <div className="page" data-testid="my-work-page">
      <h1>{t('work.title')}</h1>
      {error && <ErrorBox messages={[t('app.error', { message: error })]} />}
      <section className="panel" aria-labelledby="sec-assigned">
        <h2 id="sec-assigned">{t('work.assigned')}</h2>
        {tasks === null && <p className="muted">{t('app.loading')}</p>}
        {tasks && tasks.length === 0 && <p className="muted">{t('work.assignedEmpty')}</p>}
        <ul className="task-list" data-testid="assigned-list">
          {(tasks ?? []).map((task) => (
            <li key={task.taskId} data-testid="assigned-item">
              <SeverityBadge severity={task.severity} /> <a href={href.incident(task.incidentId)}>{task.incidentKey}</a> {task.incidentTitle}
              <div className="small">
                <strong>{task.label}</strong> · {tv('stage', task.stage)}
                {task.dueAt && ` · ${t('people.due', { time: formatTime(task.dueAt) })}`}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="sec-accepted">
        <h2 id="sec-accepted">{t('work.accepted')}</h2>
        {accepted === null && <p className="muted">{t('app.loading')}</p>}
        {accepted && accepted.length === 0 && <p className="muted">{t('work.acceptedEmpty')}</p>}
        <ul className="task-list" data-testid="accepted-list">
          {(accepted ?? []).map((h) => (
            <li key={h.id} data-testid="accepted-item">
              <a href={href.incident(h.incidentId)}>{h.incidentKey}</a> {tv('department', h.fromDepartment)} → {tv('department', h.toDepartment)}
              {h.note && <p className="note">{h.note}</p>}
              <div className="muted small">{t('work.acceptedAt', { who: h.respondedBy ?? '—', time: formatTime(h.respondedAt) })}</div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
