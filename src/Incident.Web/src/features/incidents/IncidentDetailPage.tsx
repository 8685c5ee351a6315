import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { getIncident, getTimeline, listIncidentHandoffs, takeAction } from '../../api/endpoints';
import type { AvailableAction, Handoff, IncidentDoc, LiveEvent } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { href } from '../../app/router';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents, useResync, useWatch } from '../../live/useLive';
import { can, session } from '../auth/session';
import { AssessmentSection } from '../assessment/AssessmentSection';
import { IncidentGovernanceSection } from '../governance/IncidentGovernanceSection';
import { govCan } from '../governance/rules';
import { PeoplePanel } from '../people/PeoplePanel';
import { StatusUpdatePanel } from '../people/StatusUpdatePanel';
import { ReportsSection } from '../reports/ReportsSection';
import { ClustersSection } from '../samples/ClustersSection';
import { SamplesSection } from '../samples/SamplesSection';
import { ActionForm } from './ActionForm';
import { SeverityBadge, StatusBadge } from './badges';
import { HandoffList, RequestHandoffForm } from './HandoffsSection';
import { mergeEvents, Timeline } from './Timeline';

export function IncidentDetailPage({ id }: { id: string }) {
  const { t, tv, formatTime, lang } = useI18n();
  const notify = useToast();
  const user = session.get()?.user ?? null;
  const [incident, setIncident] = useState<IncidentDoc | null>(null);
  const [events, setEvents] = useState<LiveEvent[]>([]);
  const [handoffs, setHandoffs] = useState<Handoff[]>([]);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const [openAction, setOpenAction] = useState<AvailableAction | null>(null);
  const actionsRef = useRef<HTMLElement>(null);
  // Bumped by live events so each section reloads what changed elsewhere.
  const [ticks, setTicks] = useState({ samples: 0, clusters: 0, assessment: 0, reports: 0, people: 0, updates: 0 });

  const loadIncident = useCallback(
    () =>
      getIncident(id)
        .then((inc) => {
          setIncident(inc);
          setError(null);
          return inc;
        })
        .catch((e: unknown) => {
          setError({ status: e instanceof ApiError ? e.status : 0, message: e instanceof Error ? e.message : String(e) });
          return null;
        }),
    [id],
  );
  const loadHandoffs = useCallback(() => listIncidentHandoffs(id).then(setHandoffs).catch(() => undefined), [id]);
  const loadTimeline = useCallback(
    () =>
      getTimeline(id)
        .then((r) => setEvents((cur) => mergeEvents(cur, r.items ?? [])))
        .catch(() => undefined),
    [id],
  );

  useEffect(() => {
    setIncident(null);
    setEvents([]);
    setHandoffs([]);
    setOpenAction(null);
    void loadIncident();
    void loadTimeline();
    void loadHandoffs();
  }, [loadIncident, loadTimeline, loadHandoffs]);

  useWatch(id);
  const refresh = useDebounced(() => {
    void loadIncident();
    void loadHandoffs();
  }, 300);
  useLiveEvents((e) => {
    if (e.incidentId !== id) return;
    setEvents((cur) => mergeEvents(cur, [e]));
    const section = SECTION_OF_EVENT[e.type];
    if (section) setTicks((cur) => ({ ...cur, [section]: cur[section] + 1 }));
    refresh();
  });
  useResync(() => {
    void loadTimeline();
    refresh();
  });

  // An open action form whose action is no longer offered (taken elsewhere, timer fired) is closed.
  useEffect(() => {
    if (openAction && incident && !incident.workflow?.availableActions.some((a) => a.action === openAction.action)) setOpenAction(null);
  }, [incident, openAction]);

  async function run(action: AvailableAction, input: Record<string, unknown> | undefined) {
    if (!incident) return;
    try {
      const updated = await takeAction(incident.id, action.action, input, incident.version);
      setIncident(updated);
      setOpenAction(null);
      notify(t('detail.actionDone', { action: action.label || action.action }), 'success');
      void loadHandoffs();
      actionsRef.current?.focus();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setOpenAction(null);
        const fresh = await loadIncident();
        notify(err.bookmarkConsumed ? t('detail.bookmarkConsumed') : t('detail.stale', { version: fresh?.version ?? '?' }), 'error');
        actionsRef.current?.focus();
        return;
      }
      if (err instanceof ApiError && err.status === 403) {
        notify(err.message, 'error');
        return;
      }
      throw err;
    }
  }

  if (error && !incident) {
    return (
      <div className="page">
        <p>
          <a href={href.incidents()}>← {t('detail.back')}</a>
        </p>
        <ErrorBox messages={[error.status === 404 ? t('detail.notFound') : t('app.error', { message: error.message })]} />
      </div>
    );
  }
  if (!incident) return <p className="page muted">{t('app.loading')}</p>;

  const wf = incident.workflow;
  const actions = wf?.availableActions ?? [];
  return (
    <div
      className="page incident-detail"
      data-testid="incident-detail"
      data-incident-id={incident.id}
      data-version={incident.version}
      data-source={incident.source}
      data-severity={incident.severity}
    >
      <p>
        <a href={href.incidents()}>← {t('detail.back')}</a>
      </p>
      <div className="page-head">
        <h1>
          <span className="incident-key">{incident.key}</span> {incident.title}
        </h1>
        <div className="head-badges">
          <SeverityBadge severity={incident.severity} />
          <span className="stage-chip" data-testid="incident-stage" data-stage={incident.stage}>
            {tv('stage', incident.stage)}
          </span>
          <StatusBadge status={incident.status} />
        </div>
      </div>
      <div className="detail-grid">
        <div className="detail-main">
          <section className="panel" aria-labelledby="sec-fields">
            <h2 id="sec-fields">{t('detail.fields')}</h2>
            {incident.summary && <p className="summary">{incident.summary}</p>}
            <dl className="facts">
              <Fact label={t('field.businessLine')} value={tv('businessLine', incident.businessLine)} />
              <Fact label={t('field.category')} value={tv('category', incident.category)} />
              <Fact label={t('field.source')} value={tv('source', incident.source)} testId="incident-source" />
              <Fact label={t('field.owner')} value={tv('department', incident.ownerDepartment)} />
              <Fact label={t('field.departments')} value={(incident.departments ?? []).map((d) => tv('department', d)).join(lang === 'zh-CN' ? '、' : ', ') || '—'} />
              {incident.tags && incident.tags.length > 0 && <Fact label={t('field.tags')} value={incident.tags.join(', ')} />}
              <Fact label={t('field.version')} value={String(incident.version)} testId="incident-version" />
              <Fact label={t('field.openedAt')} value={formatTime(incident.openedAt)} />
              <Fact label={t('field.updatedAt')} value={formatTime(incident.updatedAt)} />
              {incident.closedAt && <Fact label={t('field.closedAt')} value={formatTime(incident.closedAt)} />}
              {wf && (
                <div>
                  <dt>{t('field.workflow')}</dt>
                  <dd>
                    <a href={href.workflow(wf.definitionId, wf.definitionVersion)}>
                      {wf.definitionId} v{wf.definitionVersion}
                    </a>{' '}
                    ({wf.status}) ·{' '}
                    <a href={href.instance(wf.instanceId, wf.definitionId, wf.definitionVersion)} data-testid="view-instance">
                      {t('detail.viewInstance')}
                    </a>
                  </dd>
                </div>
              )}
            </dl>
          </section>

          <PeoplePanel incident={incident} tick={ticks.people} onChanged={(i) => (i ? setIncident(i) : void loadIncident())} />

          <StatusUpdatePanel incident={incident} tick={ticks.updates} />

          <section className="panel" aria-labelledby="sec-actions" ref={actionsRef} tabIndex={-1}>
            <h2 id="sec-actions">{t('detail.actions')}</h2>
            {actions.length === 0 && <p className="muted">{t('detail.noActions')}</p>}
            <div className="action-buttons">
              {actions.map((a) => (
                <button
                  key={a.bookmarkId ?? a.action}
                  type="button"
                  data-testid="action-button"
                  data-action={a.action}
                  aria-expanded={openAction?.action === a.action}
                  onClick={() => setOpenAction(openAction?.action === a.action ? null : a)}
                >
                  {a.label || a.action}
                </button>
              ))}
            </div>
            {openAction && (
              <ActionForm
                key={openAction.bookmarkId ?? openAction.action}
                action={openAction}
                onSubmit={(input) => run(openAction, input)}
                onCancel={() => setOpenAction(null)}
              />
            )}
          </section>

          <AssessmentSection
            incidentId={incident.id}
            canAssess={can.workIncidents(user) && incident.status === 'open'}
            tick={ticks.assessment}
            onAssessed={() => {
              void loadIncident();
            }}
          />

          <SamplesSection incidentId={incident.id} canUpload={can.workIncidents(user) && incident.status === 'open'} tick={ticks.samples} />

          <ClustersSection incidentId={incident.id} canRun={can.workIncidents(user)} tick={ticks.clusters} />

          <ReportsSection incidentId={incident.id} canDraft={can.workIncidents(user)} tick={ticks.reports} />

          <IncidentGovernanceSection incidentId={incident.id} canDraft={govCan.writeRules(user)} />

          <section className="panel" aria-labelledby="sec-handoffs">
            <h2 id="sec-handoffs">{t('detail.handoffs')}</h2>
            <HandoffList handoffs={handoffs} />
            {can.requestHandoffs(user) && incident.status === 'open' && (
              <RequestHandoffForm
                incidentId={incident.id}
                onDone={() => {
                  void loadHandoffs();
                  void loadIncident();
                }}
              />
            )}
          </section>
        </div>
        <section className="panel detail-side" aria-labelledby="sec-timeline">
          <h2 id="sec-timeline">{t('detail.timeline')}</h2>
          <Timeline events={events} />
        </section>
      </div>
    </div>
  );
}

const SECTION_OF_EVENT: Record<string, 'samples' | 'clusters' | 'assessment' | 'reports' | 'people' | 'updates'> = {
  'task.created': 'people',
  'task.completed': 'people',
  'task.assigned': 'people',
  'task.unassigned': 'people',
  'incident.status-update': 'updates',
  'incident.status-update-overdue': 'updates',
  'samples.attached': 'samples',
  'clusters.computed': 'clusters',
  'assessment.recorded': 'assessment',
  'incident.severity-overridden': 'assessment',
  'report.drafted': 'reports',
  'report.approved': 'reports',
  'report.published': 'reports',
};

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
