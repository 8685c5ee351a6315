import { useCallback, useEffect, useMemo, useState } from 'react';
import { getIncident, getWorkflow, getWorkflowInstance, retryWorkflowInstance } from '../../api/endpoints';
import type { IncidentDoc, WorkflowDefinition, WorkflowInstanceView } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { href } from '../../app/router';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents } from '../../live/useLive';
import { can, session } from '../auth/session';
import { normaliseDefinition } from './definition';
import { activityLabel, activityTypeLabel, localized } from './labels';
import { instanceOverlay } from './layout';
import { ActivityDetails, WorkflowGraph } from './WorkflowGraph';

export function InstancePage({ instanceId, definitionId, version }: { instanceId: string; definitionId?: string; version?: number }) {
  const { t, formatTime, lang } = useI18n();
  const [inst, setInst] = useState<WorkflowInstanceView | null>(null);
  const [incident, setIncident] = useState<IncidentDoc | null>(null);
  const [def, setDef] = useState<WorkflowDefinition | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [retrying, setRetrying] = useState(false);
  const notify = useToast();
  const user = session.get()?.user ?? null;

  const load = useCallback(() => {
    getWorkflowInstance(instanceId)
      .then((i) => {
        setInst(i);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [instanceId]);
  useEffect(load, [load]);

  const defId = inst?.definitionId ?? definitionId;
  const defVersion = inst?.definitionVersion ?? inst?.version ?? version;
  useEffect(() => {
    if (!defId) return;
    getWorkflow(defId, defVersion)
      .then((raw) => setDef(normaliseDefinition(raw)))
      .catch((e: Error) => setError(e.message));
  }, [defId, defVersion]);

  const incidentId = inst?.incidentId;
  useEffect(() => {
    if (!incidentId) return;
    getIncident(incidentId)
      .then(setIncident)
      .catch(() => setIncident(null));
  }, [incidentId]);

  const labelOf = (activityId: string | undefined) => {
    if (!activityId) return '';
    const a = def?.activities.find((x) => x.id === activityId);
    return a ? activityLabel(a, lang) : activityId;
  };

  // Any event may move the instance; re-read it (cheap, one row).
  const reload = useDebounced(load, 400);
  useLiveEvents(() => reload());

  async function retry() {
    setRetrying(true);
    try {
      const after = await retryWorkflowInstance(instanceId);
      setInst(after);
      notify(after.status === 'faulted' ? t('wf.retryFaultedAgain') : t('wf.retried'), after.status === 'faulted' ? 'error' : 'success');
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
      load();
    } finally {
      setRetrying(false);
    }
  }

  const overlay = useMemo(() => (inst ? instanceOverlay(inst) : { current: new Set<string>(), done: new Set<string>() }), [inst]);

  return (
    <div className="page instance-page" data-testid="workflow-instance">
      <h1>{t('wf.instance', { id: instanceId })}</h1>
      {incidentId && (
        <p className="instance-incident">
          {t('wf.incident')}:{' '}
          <a href={href.incident(incidentId)} data-testid="instance-incident">
            {incident ? `${incident.key ?? ''} ${incident.title ?? ''}`.trim() : incidentId}
          </a>
        </p>
      )}
      {defId && (
        <p>
          <a href={href.workflow(defId, defVersion)}>
            {localized(def?.name, lang) ?? defId}
            {defVersion ? ` v${defVersion}` : ''}
          </a>
          {inst?.status && <> · {t('wf.instanceStatus', { status: inst.status })}</>}
        </p>
      )}
      <ErrorBox messages={error ? [t('app.error', { message: error })] : []} />
      {!inst && !error && <p className="muted">{t('app.loading')}</p>}
      <div className="legend" aria-hidden="true">
        <span className="legend-current">{t('wf.legend.current')}</span>
        <span className="legend-done">{t('wf.legend.done')}</span>
        <span className="legend-taken">{t('wf.legend.taken')}</span>
      </div>
      {def && (
        <div className="graph-layout">
          <WorkflowGraph definition={def} highlight={overlay} selected={selected} onSelect={setSelected} />
          <aside className="panel">
            <ActivityDetails definition={def} activityId={selected} />
          </aside>
        </div>
      )}
      {inst && (
        <div className="instance-panels">
          <section className="panel">
            <h2>{t('wf.current')}</h2>
            {overlay.current.size === 0 ? (
              <p className="muted">{t('wf.noCurrent')}</p>
            ) : (
              <ul data-testid="instance-current">
                {[...overlay.current].map((id) => (
                  <li key={id} data-activity-id={id}>
                    <button type="button" className="link-button" onClick={() => setSelected(id)}>
                      {labelOf(id)}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel">
            <h2>{t('wf.bookmarks')}</h2>
            <ul data-testid="instance-bookmarks">
              {(inst.bookmarks ?? []).map((b, i) => (
                <li key={b.id ?? i}>
                  <strong>{b.name ?? b.id}</strong> {b.activityId && <span className="muted">@ {labelOf(b.activityId)}</span>}
                  {b.dueAt && <span className="muted"> · {formatTime(b.dueAt)}</span>}
                </li>
              ))}
            </ul>
          </section>
          <section className="panel">
            <h2>{t('wf.journal')}</h2>
            <ol className="journal" data-testid="instance-journal">
              {(inst.journal ?? []).map((j, i) => (
                <li key={i}>
                  <strong>{labelOf(j.activityId)}</strong>
                  {j.type && <span className="muted"> ({activityTypeLabel(j.type, lang)})</span>}
                  {j.outcome && <> → {j.outcome}</>}
                  {(j.completedAt ?? j.at) && <span className="muted"> · {formatTime(String(j.completedAt ?? j.at))}</span>}
                </li>
              ))}
            </ol>
          </section>
          {(inst.faults ?? []).length > 0 && (
            <section className="panel">
              <h2>{t('wf.faults')}</h2>
              {inst.status === 'faulted' && can.writeWorkflows(user) && (
                <p>
                  <button type="button" onClick={() => void retry()} disabled={retrying} data-testid="instance-retry">
                    {t('wf.retry')}
                  </button>{' '}
                  <span className="hint">{t('wf.retryHint')}</span>
                </p>
              )}
              <ul data-testid="instance-faults">
                {(inst.faults ?? []).map((f, i) => (
                  <li key={i} className="error-text">
                    {f.activityId && <strong>{labelOf(f.activityId)}: </strong>}
                    {f.message ?? JSON.stringify(f)}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </div>
  );
}
