import { ApiError, request } from './client';
import type {
  AnomalyView,
  AssessmentInput,
  AssessmentView,
  BoardView,
  ClusterRun,
  ReportListItem,
  ReportView,
  SampleInput,
  SamplesAttached,
  SampleView,
  SeriesPoints,
  SeriesView,
  SignalsIngested,
  Handoff,
  IncidentDoc,
  IncidentQuery,
  LiveEvent,
  NewIncident,
  Paged,
  RefItem,
  ReferenceData,
  TokenResponse,
  UserAccount,
  UserChanges,
  NewUser,
  WorkflowDefinition,
  WorkflowInstanceView,
  WorkflowSummary,
} from './types';

const enc = encodeURIComponent;

export const signIn = (username: string, password: string) =>
  request<TokenResponse>('POST', '/api/auth/token', { body: { username, password }, anonymous: true });

export const listIncidents = (q: IncidentQuery) =>
  request<Paged<IncidentDoc>>('GET', '/api/incidents', { query: { ...q } });

export const getIncident = (id: string) => request<IncidentDoc>('GET', `/api/incidents/${enc(id)}`);

export const openIncident = (body: NewIncident, idempotencyKey?: string) =>
  request<IncidentDoc>('POST', '/api/incidents', {
    body,
    headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined,
  });

export const takeAction = (id: string, action: string, input: Record<string, unknown> | undefined, expectedVersion: number) =>
  request<IncidentDoc>('POST', `/api/incidents/${enc(id)}/actions`, { body: { action, input, expectedVersion } });

export const getTimeline = (id: string, after?: number) =>
  request<{ items: LiveEvent[] }>('GET', `/api/incidents/${enc(id)}/timeline`, { query: { after } });

export const listIncidentHandoffs = async (id: string) =>
  itemsOf(await request<Handoff[] | { items: Handoff[] }>('GET', `/api/incidents/${enc(id)}/handoffs`));

export const requestHandoff = (id: string, body: { toDepartment: string; note: string; acceptWithinMinutes?: number }) =>
  request<Handoff>('POST', `/api/incidents/${enc(id)}/handoffs`, { body });

export const listHandoffs = async (status: string, direction: 'incoming' | 'outgoing') =>
  itemsOf(await request<Handoff[] | Paged<Handoff>>('GET', '/api/handoffs', { query: { status, direction } }));

export const acceptHandoff = (id: string, note?: string) =>
  request<Handoff>('POST', `/api/handoffs/${enc(id)}/accept`, { body: note ? { note } : {} });

export const declineHandoff = (id: string, reason: string) =>
  request<Handoff>('POST', `/api/handoffs/${enc(id)}/decline`, { body: { reason } });

export const getBoard = () => request<BoardView>('GET', '/api/board');

export const getEventsAfter = async (after: number, limit?: number) =>
  itemsOf(await request<LiveEvent[] | { items: LiveEvent[] }>('GET', '/api/events', { query: { after, limit } }));

export const listWorkflows = async () =>
  itemsOf(await request<WorkflowSummary[] | { items: WorkflowSummary[] }>('GET', '/api/workflows')).map((w) => normaliseSummary(w as WorkflowSummary & Record<string, unknown>));

export const getWorkflow = (id: string, version?: number) =>
  request<WorkflowDefinition>(
    'GET',
    version ? `/api/workflows/${enc(id)}/versions/${version}` : `/api/workflows/${enc(id)}`,
  );

export const saveWorkflow = (text: string, format: 'json' | 'yaml', id?: string) =>
  request<WorkflowDefinition>(id ? 'PUT' : 'POST', id ? `/api/workflows/${enc(id)}` : '/api/workflows', {
    body: text,
    contentType: format === 'yaml' ? 'application/yaml' : 'application/json',
  });

export const publishWorkflow = (id: string) =>
  request<WorkflowDefinition>('POST', `/api/workflows/${enc(id)}/publish`);

export const getWorkflowInstance = (instanceId: string) =>
  request<WorkflowInstanceView>('GET', `/api/workflow-instances/${enc(instanceId)}`);

/** Admins: re-execute a faulted instance's activity; the answer is the instance afterwards. */
export const retryWorkflowInstance = (instanceId: string) =>
  request<WorkflowInstanceView>('POST', `/api/workflow-instances/${enc(instanceId)}/retry`);

export const getReference = async (): Promise<ReferenceData> => {
  const raw = await request<Record<string, unknown>>('GET', '/api/reference');
  return normaliseReference(raw);
};

function itemsOf<T>(r: T[] | { items: T[] }): T[] {
  return Array.isArray(r) ? r : (r?.items ?? []);
}

function normaliseSummary(w: WorkflowSummary & Record<string, unknown>): WorkflowSummary {
  const num = (...vals: unknown[]) => {
    for (const v of vals) {
      if (typeof v === 'number') return v;
      if (v && typeof v === 'object' && typeof (v as { version?: unknown }).version === 'number')
        return (v as { version: number }).version;
    }
    return null;
  };
  return {
    ...w,
    id: String(w.id ?? w.definitionId ?? ''),
    latestVersion: num(w.latestVersion, w.latest, w.version),
    publishedVersion: num(w.publishedVersion, w.published),
  };
}

const REF_KEYS: (keyof ReferenceData)[] = ['businessLines', 'categories', 'departments', 'severities', 'sources', 'roles'];

/** Reference lists may be plain strings or objects with id/code/name: normalise both. */
export function normaliseReference(raw: Record<string, unknown>): ReferenceData {
  const out = {} as ReferenceData;
  for (const k of REF_KEYS) {
    const list = Array.isArray(raw?.[k]) ? (raw[k] as unknown[]) : [];
    out[k] = list.map(toRefItem).filter((x): x is RefItem => !!x);
  }
  return out;
}

function toRefItem(v: unknown): RefItem | null {
  if (typeof v === 'string') return { value: v };
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const value = o.id ?? o.code ?? o.key ?? o.value ?? o.name;
    if (typeof value !== 'string') return null;
    const label = o.displayName ?? o.label ?? o.name;
    return { value, label: typeof label === 'string' && label !== value ? label : undefined };
  }
  return null;
}

// ---- Samples, clusters, assessment ----

export const attachSamples = (id: string, body: SampleInput[] | string, format: 'json' | 'csv') =>
  request<SamplesAttached>('POST', `/api/incidents/${enc(id)}/samples`, format === 'csv' ? { body, contentType: 'text/csv' } : { body });

export const listSamples = (id: string, page: number, pageSize: number) =>
  request<Paged<SampleView>>('GET', `/api/incidents/${enc(id)}/samples`, { query: { page, pageSize } });

export const runClusters = (id: string, clusters?: number) =>
  request<ClusterRun>('POST', `/api/incidents/${enc(id)}/clusters`, { body: clusters ? { clusters } : {} });

/** The latest clustering run, or null when there is none yet (404). */
export const latestClusters = (id: string) => orNull(request<ClusterRun>('GET', `/api/incidents/${enc(id)}/clusters`));

export const submitAssessment = (id: string, body: AssessmentInput) =>
  request<AssessmentView>('POST', `/api/incidents/${enc(id)}/assessment`, { body });

export const latestAssessment = (id: string) => orNull(request<AssessmentView>('GET', `/api/incidents/${enc(id)}/assessment`));

// ---- Reports ----

export const draftReport = (incidentId: string, kind: string) =>
  request<ReportView>('POST', `/api/incidents/${enc(incidentId)}/reports`, { body: { kind } });

export const listIncidentReports = async (incidentId: string) =>
  itemsOf(await request<ReportListItem[] | { items: ReportListItem[] }>('GET', `/api/incidents/${enc(incidentId)}/reports`));

export const listReports = (q: { kind?: string; status?: string; page?: number; pageSize?: number }) =>
  request<Paged<ReportListItem>>('GET', '/api/reports', { query: { ...q } });

export const getReport = (id: string) => request<ReportView>('GET', `/api/reports/${enc(id)}`);

export const editReport = (id: string, body: { title?: string; markdown: string; expectedVersion?: number }) =>
  request<ReportView>('PUT', `/api/reports/${enc(id)}`, { body });

export const approveReport = (id: string) => request<ReportView>('POST', `/api/reports/${enc(id)}/approve`);

export const publishReport = (id: string, audience: string[]) =>
  request<ReportView>('POST', `/api/reports/${enc(id)}/publish`, { body: { audience } });

/** The exported document as text (the endpoint needs the bearer token, so no plain link). */
export const exportReport = (id: string, format: 'md' | 'html') => {
  return request<string>('GET', `/api/reports/${enc(id)}/export`, {
    query: { format },
    headers: { Accept: format === 'html' ? 'text/html' : 'text/markdown' },
    text: true,
  });
};

// ---- Monitoring signals ----

export const listSeries = (page = 1, pageSize = 200) =>
  request<Paged<SeriesView>>('GET', '/api/signals/series', { query: { page, pageSize } });

export const getSeriesPoints = (seriesId: string, from?: string, to?: string) =>
  request<SeriesPoints>('GET', `/api/signals/series/${enc(seriesId)}/points`, { query: { from, to } });

export const setSeriesThreshold = (seriesId: string, threshold: number | null) =>
  request<SeriesView>('PUT', `/api/signals/series/${enc(seriesId)}`, { body: { threshold } });

/** A `timestamp,value` CSV, sent as-is (API.md: the series in the query string). */
export const ingestSignalsCsv = (series: { businessLine: string; category: string; metric: string }, csv: string) =>
  request<SignalsIngested>('POST', '/api/signals', { query: { ...series }, body: csv, contentType: 'text/csv' });

/** One series, or null when there is no such series. */
export const getSeries = (seriesId: string) =>
  orNull(request<SeriesView>('GET', `/api/signals/series/${enc(seriesId)}`));

export const listAnomalies = (q: { status?: string; seriesId?: string; incidentId?: string; page?: number; pageSize?: number }) =>
  request<Paged<AnomalyView>>('GET', '/api/anomalies', { query: { ...q } });

// ---- Users (admins) ----

export const listUsers = (page: number, pageSize: number) =>
  request<Paged<UserAccount>>('GET', '/api/users', { query: { page, pageSize } });

export const createUser = (body: NewUser) => request<UserAccount>('POST', '/api/users', { body });

export const updateUser = (username: string, changes: UserChanges) =>
  request<UserAccount>('PUT', `/api/users/${enc(username)}`, { body: changes });

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}
