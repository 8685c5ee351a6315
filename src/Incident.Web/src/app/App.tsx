import { lazy, Suspense, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { getEventsAfter } from '../api/endpoints';
import type { User } from '../api/types';
import { can, session, type Session } from '../features/auth/session';
import { SignInPage } from '../features/auth/SignInPage';
import { GovernanceNav } from '../features/governance/GovernanceNav';
import { govCan } from '../features/governance/rules';
import { InboxPage } from '../features/handoffs/InboxPage';
import { IncidentDetailPage } from '../features/incidents/IncidentDetailPage';
import { IncidentListPage } from '../features/incidents/IncidentListPage';
import { LeadNotices } from '../features/people/LeadNotices';
import { MyWorkPage } from '../features/people/MyWorkPage';
import { StatusPage } from '../features/people/StatusPage';
import { PublishedReportNotices } from '../features/reports/PublishedReportNotices';
import { ReportPage } from '../features/reports/ReportPage';
import { ReportsListPage } from '../features/reports/ReportsListPage';
import { InstancePage } from '../features/workflows/InstancePage';
import { WorkflowListPage } from '../features/workflows/WorkflowListPage';
import { UsersPage } from '../features/users/UsersPage';
import { WorkflowViewPage } from '../features/workflows/WorkflowViewPage';
import { I18nProvider, useI18n } from '../i18n/i18n';
import { LiveStore } from '../live/liveStore';
import { createHubConnection } from '../live/signalr';
import { LiveProvider } from '../live/useLive';
import { ErrorBox } from './forms';
import { Header } from './Header';
import { ReferenceProvider } from './reference';
import { parseHash, useHash, type Route } from './router';
import { ToastProvider } from './toasts';

// ECharts is only needed on the board: load it with that page.
// The definition editor brings CodeMirror: its own chunk, loaded when an admin opens the editor.
const WorkflowEditorPage = lazy(() => import('../features/workflows/WorkflowEditorPage').then((m) => ({ default: m.WorkflowEditorPage })));
const BoardPage = lazy(() => import('../features/board/BoardPage').then((m) => ({ default: m.BoardPage })));
const SignalsPage = lazy(() => import('../features/signals/SignalsPage').then((m) => ({ default: m.SignalsPage })));
const SeriesPage = lazy(() => import('../features/signals/SeriesPage').then((m) => ({ default: m.SeriesPage })));
// Governance screens carry the effectiveness charts: their own chunks too.
const RulesListPage = lazy(() => import('../features/governance/RulesListPage').then((m) => ({ default: m.RulesListPage })));
const RuleDetailPage = lazy(() => import('../features/governance/RuleDetailPage').then((m) => ({ default: m.RuleDetailPage })));
const RuleFormPage = lazy(() => import('../features/governance/RuleFormPage').then((m) => ({ default: m.RuleFormPage })));
const AppealsPage = lazy(() => import('../features/governance/AppealsPage').then((m) => ({ default: m.AppealsPage })));
const SubjectPage = lazy(() => import('../features/governance/SubjectPage').then((m) => ({ default: m.SubjectPage })));

export function App() {
  const s = useSyncExternalStore(session.subscribe, session.get);
  return (
    <I18nProvider username={s?.user.username ?? null}>
      <ToastProvider>{s ? <SignedIn key={s.user.username} session={s} /> : <SignInPage />}</ToastProvider>
    </I18nProvider>
  );
}

function SignedIn({ session: s }: { session: Session }) {
  const { t } = useI18n();
  const route = parseHash(useHash());
  const [store] = useState(
    () => new LiveStore({ createConnection: () => createHubConnection(() => session.get()?.token ?? null), fetchAfter: getEventsAfter }),
  );
  useEffect(() => {
    void store.start();
    return () => void store.stop();
  }, [store]);

  return (
    <LiveProvider store={store}>
      <ReferenceProvider>
        <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
          {t('app.skip')}
        </a>
        <Header user={s.user} route={route} />
        <PublishedReportNotices user={s.user} />
        <LeadNotices user={s.user} />
        <main id="main" tabIndex={-1}>
          <RouteView route={route} user={s.user} />
        </main>
      </ReferenceProvider>
    </LiveProvider>
  );
}

export function allowed(route: Route, user: User): boolean {
  switch (route.name) {
    case 'newIncident':
      return can.openIncidents(user);
    case 'board':
      return can.viewBoard(user);
    case 'inbox':
      return can.useInbox(user);
    case 'workflows':
    case 'workflow':
    case 'instance':
      return can.viewWorkflows(user);
    case 'workflowEdit':
      return can.writeWorkflows(user);
    case 'signals':
    case 'series':
      return can.viewSignals(user);
    case 'users':
      return can.manageUsers(user);
    case 'governance':
    case 'rule':
    case 'appeals':
    case 'subjects':
      return govCan.view(user);
    case 'ruleNew':
    case 'ruleEdit':
      return govCan.writeRules(user);
    default:
      return true;
  }
}

function RouteView({ route, user }: { route: Route; user: User }) {
  const { t } = useI18n();
  const home = useMemo<Route>(() => (user.roles.every((r) => r === 'partner') ? { name: 'inbox' } : user.roles.includes('leader') ? { name: 'board' } : { name: 'incidents' }), [user]);
  const r = route.name === 'home' ? home : route;
  if (!allowed(r, user)) return <ErrorBox messages={[t('app.forbidden')]} />;
  switch (r.name) {
    case 'incidents':
      return <IncidentListPage />;
    case 'newIncident':
      return <IncidentListPage creating />;
    case 'incident':
      return <IncidentDetailPage key={r.id} id={r.id} />;
    case 'inbox':
      return <InboxPage />;
    case 'board':
      return (
        <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
          <BoardPage />
        </Suspense>
      );
    case 'workflows':
      return <WorkflowListPage />;
    case 'workflow':
      return <WorkflowViewPage id={r.id} version={r.version} />;
    case 'workflowEdit':
      return (
        <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
          <WorkflowEditorPage key={r.id ?? 'new'} id={r.id} />
        </Suspense>
      );
    case 'signals':
      return (
        <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
          <SignalsPage />
        </Suspense>
      );
    case 'series':
      return (
        <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
          <SeriesPage key={r.id} id={r.id} />
        </Suspense>
      );
    case 'reports':
      return <ReportsListPage kind={r.kind} />;
    case 'report':
      return <ReportPage key={r.id} id={r.id} />;
    case 'users':
      return <UsersPage />;
    case 'status':
      return <StatusPage />;
    case 'work':
      return <MyWorkPage />;
    case 'instance':
      return <InstancePage instanceId={r.instanceId} definitionId={r.definitionId} version={r.version} />;
    case 'governance':
    case 'rule':
    case 'ruleNew':
    case 'ruleEdit':
    case 'appeals':
    case 'subjects':
      return <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>{governanceView(r)}</Suspense>;
    default:
      return <p className="page">{t('app.notFound')}</p>;
  }
}

function governanceView(r: Route) {
  switch (r.name) {
    case 'governance':
      return <RulesListPage />;
    case 'rule':
      return <RuleDetailPage key={r.id} id={r.id} />;
    case 'ruleNew':
      return <RuleFormPage key={`new-${r.incidentId ?? ''}`} incidentId={r.incidentId} />;
    case 'ruleEdit':
      return <RuleFormPage key={`edit-${r.id}`} id={r.id} />;
    case 'appeals':
      return (
        <>
          <GovernanceNav active="appeals" />
          <AppealsPage />
        </>
      );
    case 'subjects':
      return (
        <>
          <GovernanceNav active="subjects" />
          <SubjectPage key={`${r.type ?? ''}/${r.id ?? ''}`} type={r.type} id={r.id} />
        </>
      );
    default:
      return null;
  }
}
