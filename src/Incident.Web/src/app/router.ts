import { useSyncExternalStore } from 'react';

// Hash routes (#/incidents/42) so ASP.NET Core serves index.html at "/" with no server-side fallback.
export type Route =
  | { name: 'incidents' }
  | { name: 'newIncident' }
  | { name: 'incident'; id: string }
  | { name: 'inbox' }
  | { name: 'board' }
  | { name: 'workflows' }
  | { name: 'workflow'; id: string; version?: number }
  | { name: 'workflowEdit'; id?: string }
  | { name: 'instance'; instanceId: string; definitionId?: string; version?: number }
  | { name: 'signals' }
  | { name: 'series'; id: string }
  | { name: 'reports'; kind?: string }
  | { name: 'report'; id: string }
  | { name: 'users' }
  | { name: 'governance' }
  | { name: 'ruleNew'; incidentId?: string }
  | { name: 'rule'; id: string }
  | { name: 'ruleEdit'; id: string }
  | { name: 'appeals' }
  | { name: 'subjects'; type?: string; id?: string }
  | { name: 'status' }
  | { name: 'work' }
  | { name: 'home' }
  | { name: 'notFound' };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart, queryPart = ''] = raw.split('?', 2);
  const parts = (pathPart ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  const q = new URLSearchParams(queryPart);
  const num = (v: string | null | undefined) => {
    const n = v ? Number(v) : NaN;
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const [a, b, c, d, e] = parts;
  if (!a) return { name: 'home' };
  switch (a) {
    case 'incidents':
      if (!b) return { name: 'incidents' };
      if (b === 'new' && !c) return { name: 'newIncident' };
      return c ? { name: 'notFound' } : { name: 'incident', id: b };
    case 'inbox':
      return b ? { name: 'notFound' } : { name: 'inbox' };
    case 'board':
      return b ? { name: 'notFound' } : { name: 'board' };
    case 'workflows':
      if (!b) return { name: 'workflows' };
      if (b === 'new' && !c) return { name: 'workflowEdit' };
      if (!c) return { name: 'workflow', id: b };
      if (c === 'edit' && !d) return { name: 'workflowEdit', id: b };
      if (c === 'versions' && num(d)) return { name: 'workflow', id: b, version: num(d) };
      return { name: 'notFound' };
    case 'workflow-instances':
      return b && !c
        ? { name: 'instance', instanceId: b, definitionId: q.get('def') ?? undefined, version: num(q.get('v')) }
        : { name: 'notFound' };
    case 'signals':
      if (!b) return { name: 'signals' };
      return c ? { name: 'notFound' } : { name: 'series', id: b };
    case 'reports':
      if (!b) return q.get('kind') ? { name: 'reports', kind: q.get('kind')! } : { name: 'reports' };
      return c ? { name: 'notFound' } : { name: 'report', id: b };
    case 'users':
      return b ? { name: 'notFound' } : { name: 'users' };
    case 'status':
      return b ? { name: 'notFound' } : { name: 'status' };
    case 'work':
      return b ? { name: 'notFound' } : { name: 'work' };
    case 'governance':
      return parseGovernance(b, c, d, e, q);
    default:
      return { name: 'notFound' };
  }
}

function parseGovernance(b: string | undefined, c: string | undefined, d: string | undefined, e: string | undefined, q: URLSearchParams): Route {
  if (!b) return { name: 'governance' };
  switch (b) {
    case 'rules':
      if (!c) return { name: 'governance' };
      if (c === 'new' && !d) return q.get('incident') ? { name: 'ruleNew', incidentId: q.get('incident')! } : { name: 'ruleNew' };
      if (!d) return { name: 'rule', id: c };
      return d === 'edit' && !e ? { name: 'ruleEdit', id: c } : { name: 'notFound' };
    case 'appeals':
      return c ? { name: 'notFound' } : { name: 'appeals' };
    case 'subjects':
      if (!c) return { name: 'subjects' };
      return d && !e ? { name: 'subjects', type: c, id: d } : { name: 'notFound' };
    default:
      return { name: 'notFound' };
  }
}

export const href = {
  incidents: () => '#/incidents',
  newIncident: () => '#/incidents/new',
  incident: (id: string) => `#/incidents/${encodeURIComponent(id)}`,
  inbox: () => '#/inbox',
  board: () => '#/board',
  workflows: () => '#/workflows',
  workflow: (id: string, version?: number | null) =>
    version ? `#/workflows/${encodeURIComponent(id)}/versions/${version}` : `#/workflows/${encodeURIComponent(id)}`,
  workflowEdit: (id?: string) => (id ? `#/workflows/${encodeURIComponent(id)}/edit` : '#/workflows/new'),
  signals: () => '#/signals',
  series: (id: string) => `#/signals/${encodeURIComponent(id)}`,
  reports: (kind?: string) => (kind ? `#/reports?kind=${encodeURIComponent(kind)}` : '#/reports'),
  report: (id: string) => `#/reports/${encodeURIComponent(id)}`,
  users: () => '#/users',
  status: () => '#/status',
  work: () => '#/work',
  governance: () => '#/governance',
  ruleNew: (incidentId?: string) => (incidentId ? `#/governance/rules/new?incident=${encodeURIComponent(incidentId)}` : '#/governance/rules/new'),
  rule: (id: string) => `#/governance/rules/${encodeURIComponent(id)}`,
  ruleEdit: (id: string) => `#/governance/rules/${encodeURIComponent(id)}/edit`,
  governanceAppeals: () => '#/governance/appeals',
  governanceSubjects: (type?: string, id?: string) =>
    type && id ? `#/governance/subjects/${encodeURIComponent(type)}/${encodeURIComponent(id)}` : '#/governance/subjects',
  instance: (instanceId: string, definitionId?: string, version?: number) => {
    const q = new URLSearchParams();
    if (definitionId) q.set('def', definitionId);
    if (version) q.set('v', String(version));
    const s = q.toString();
    return `#/workflow-instances/${encodeURIComponent(instanceId)}${s ? `?${s}` : ''}`;
  },
};

export function navigate(to: string): void {
  window.location.hash = to.replace(/^#/, '');
}

function subscribe(l: () => void): () => void {
  window.addEventListener('hashchange', l);
  return () => window.removeEventListener('hashchange', l);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
