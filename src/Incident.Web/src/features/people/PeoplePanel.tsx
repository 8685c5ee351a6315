import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import type { IncidentDoc } from '../../api/types';
import { ErrorBox, Field } from '../../app/forms';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { can, hasRole, session } from '../auth/session';
import { assignTask, handOverLead, listTasks, unassignTask, type IncidentTask } from './api';

/** Issue 10 item 1: the lead (with "hand over") and the open tasks with their assignees. */
export function PeoplePanel({ incident, tick, onChanged }: { incident: IncidentDoc; tick: number; onChanged: (i?: IncidentDoc) => void }) {
  const { t, formatTime } = useI18n();
  const notify = useToast();
  const user = session.get()?.user ?? null;
  const [tasks, setTasks] = useState<IncidentTask[]>([]);
  const [handingOver, setHandingOver] = useState(false);
  const [username, setUsername] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const lead = incident.lead ?? '';
  const open = incident.status === 'open';
  const mayHandOver = open && !!user && (hasRole(user, 'leader', 'admin') || user.username === lead);
  const mayAssign = open && !!user && (can.workIncidents(user) || user.username === lead);

  const load = useCallback(() => listTasks(incident.id).then((r) => setTasks(r.items ?? [])).catch(() => undefined), [incident.id]);
  useEffect(() => {
    void load();
  }, [load, tick]);

  const problem = (err: unknown) => {
    if (!(err instanceof ApiError)) return [String(err)];
    const fields = Object.values(err.errors).flat();
    return fields.length ? fields : [err.message];
  };

  async function handOver(e: FormEvent) {
    e.preventDefault();
    if (!username.trim()) return;
    try {
      const updated = await handOverLead(incident.id, username.trim(), incident.version);
      notify(t('people.handedOver', { username: updated.lead ?? username }), 'success');
      setHandingOver(false);
      setUsername('');
      setErrors([]);
      onChanged(updated);
    } catch (err) {
      setErrors(problem(err));
    }
  }

  async function change(task: IncidentTask, who: string, add: boolean) {
    try {
      const updated = add ? await assignTask(incident.id, task.taskId, who) : await unassignTask(incident.id, task.taskId, who);
      setTasks((cur) => cur.map((x) => (x.taskId === updated.taskId ? updated : x)));
      setErrors([]);
    } catch (err) {
      setErrors(problem(err));
    }
  }

  return (
    <section className="panel" aria-labelledby="sec-people" data-testid="people-panel">
      <h2 id="sec-people">{t('people.title')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('people.lead')}</dt>
          <dd data-testid="incident-lead">
            {lead || '—'}{' '}
            {mayHandOver && (
              <button type="button" className="link-button" aria-expanded={handingOver} onClick={() => setHandingOver(!handingOver)} data-testid="hand-over">
                {t('people.handOver')}
              </button>
            )}
          </dd>
        </div>
      </dl>
      {handingOver && (
        <form className="inline-form" onSubmit={handOver} noValidate data-testid="hand-over-form">
          <Field label={t('people.handOverTo')} name="username" required>
            {(p) => <input {...p} name="username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />}
          </Field>
          <button type="submit">{t('people.handOverSubmit')}</button>
        </form>
      )}
      <h3>{t('people.tasks')}</h3>
      {tasks.length === 0 && <p className="muted">{t('people.noTasks')}</p>}
      <ul className="task-list" data-testid="task-list">
        {tasks.map((task) => (
          <TaskItem key={task.taskId} task={task} mayAssign={mayAssign} me={user?.username ?? ''} onChange={change} formatTime={formatTime} />
        ))}
      </ul>
      <ErrorBox messages={errors} />
    </section>
  );
}

function TaskItem({
  task,
  mayAssign,
  me,
  onChange,
  formatTime,
}: {
  task: IncidentTask;
  mayAssign: boolean;
  me: string;
  onChange: (task: IncidentTask, who: string, add: boolean) => void;
  formatTime: (iso: string | null | undefined) => string;
}) {
  const { t } = useI18n();
  const [who, setWho] = useState('');
  return (
    <li data-testid="task-item" data-action={task.action}>
      <strong>{task.label || task.action}</strong>
      {task.dueAt && <span className="muted small"> · {t('people.due', { time: formatTime(task.dueAt) })}</span>}
      <div className="small">
        {task.assignees.length === 0 && <span className="muted">{t('people.unassigned')}</span>}
        {task.assignees.map((a) => (
          <span key={a} className="chip" data-testid="task-assignee">
            {a}
            {(mayAssign || a === me) && (
              <button type="button" className="link-button" aria-label={t('people.unassign', { username: a })} onClick={() => onChange(task, a, false)}>
                ×
              </button>
            )}
          </span>
        ))}
        {mayAssign && !task.assignees.includes(me) && (
          <button type="button" className="link-button" onClick={() => onChange(task, me, true)} data-testid="assign-me">
            {t('people.assignMe')}
          </button>
        )}
      </div>
      {mayAssign && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (who.trim()) onChange(task, who.trim(), true);
            setWho('');
          }}
        >
          <label className="visually-hidden" htmlFor={`assign-${task.taskId}`}>
            {t('people.assignTo')}
          </label>
          <input id={`assign-${task.taskId}`} value={who} placeholder={t('people.assignTo')} onChange={(e) => setWho(e.target.value)} autoComplete="off" />
          <button type="submit">{t('people.assign')}</button>
        </form>
      )}
    </li>
  );
}
