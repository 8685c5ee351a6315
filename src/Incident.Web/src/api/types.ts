// Shapes from shared/API.md (v1). Fields the contract leaves open are optional.

export type Role = 'operator' | 'partner' | 'leader' | 'admin';
export type Severity = 'S1' | 'S2' | 'S3' | 'S4';
export const STAGES = ['discovery', 'assessment', 'escalation', 'governance', 'closure'] as const;
export type Stage = (typeof STAGES)[number];
export const SEVERITIES: Severity[] = ['S1', 'S2', 'S3', 'S4'];
export const SOURCES = ['operator', 'monitoring', 'feedback', 'partner', 'media', 'regulator'] as const;

export interface User {
  username: string;
  displayName: string;
  roles: Role[];
  department: string | null;
}

export interface TokenResponse {
  accessToken: string;
  expiresIn: number;
  user: User;
}

/** An account as admins see it (GET /api/users). */
export interface UserAccount {
  username: string;
  displayName: string;
  roles: Role[];
  department: string;
  disabled: boolean;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  department: string;
}

/** PUT /api/users/{username}: only the fields present change. */
export interface UserChanges {
  displayName?: string;
  password?: string;
  roles?: Role[];
  department?: string;
  disabled?: boolean;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** A JSON Schema subset, as used by HumanTask `inputSchema`. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  default?: unknown;
  format?: string;
}

export interface AvailableAction {
  action: string;
  label?: string;
  bookmarkId?: string;
  allowedRoles?: string[];
  allowedDepartments?: string[];
  inputSchema?: JsonSchema | null;
}

export interface IncidentWorkflow {
  definitionId: string;
  definitionVersion: number;
  instanceId: string;
  status: string;
  availableActions: AvailableAction[];
}

export interface IncidentDoc {
  id: string;
  key: string;
  title: string;
  summary: string;
  businessLine: string;
  category: string;
  severity: Severity;
  source: string;
  status: 'open' | 'closed';
  stage: Stage;
  ownerDepartment: string;
  departments: string[];
  version: number;
  openedAt: string;
  updatedAt: string;
  closedAt: string | null;
  tags?: string[];
  /** Issue 10: who leads the response (a username); the opener until handed over. */
  lead?: string;
  workflow?: IncidentWorkflow | null;
}

export interface NewIncident {
  title: string;
  summary: string;
  businessLine: string;
  category: string;
  severity: string;
  source: string;
  tags?: string[];
}

export interface IncidentQuery {
  stage?: string;
  severity?: string;
  category?: string;
  businessLine?: string;
  status?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface LiveEvent {
  seq: number;
  incidentId: string;
  incidentKey: string;
  type: string;
  stage: string;
  severity: string;
  actor: string;
  departments: string[];
  occurredAt: string;
  data: Record<string, unknown> | null;
}

export type HandoffStatus = 'pending' | 'accepted' | 'declined' | 'expired';

export interface Handoff {
  id: string;
  incidentId: string;
  incidentKey: string;
  fromDepartment: string;
  toDepartment: string;
  note: string;
  status: HandoffStatus;
  requestedAt: string;
  dueAt: string | null;
  respondedAt: string | null;
  respondedBy: string | null;
}

export interface BoardCard {
  id: string;
  key: string;
  title: string;
  severity: Severity;
  category: string;
  stage: string;
  ownerDepartment: string;
  escalationLevel: number;
  slaDueAt: string | null;
  /** True once any SLA of the incident was breached (it stays so until the incident closes), or a deadline is passing now. */
  slaBreached: boolean;
  /** A deadline has passed and its timer has not fired yet. */
  overdueNow?: boolean;
  breaches?: number;
  firstBreachedAt?: string | null;
  openedAt?: string;
  pendingHandoffs: number;
  /** The incident's governance verdict (docs/governance.md); null or absent when no rule is linked. */
  governance?: 'meets' | 'not-yet' | 'regresses' | null;
}

export interface BoardView {
  generatedAt: string;
  columns: { stage: string; incidents: BoardCard[] }[];
  counts: {
    bySeverity: Record<string, number>;
    byStage: Record<string, number>;
    breached: number;
  };
}

/** Reference lists normalised to value + optional label (the contract does not fix the item shape). */
export interface RefItem {
  value: string;
  label?: string;
}

export interface ReferenceData {
  businessLines: RefItem[];
  categories: RefItem[];
  departments: RefItem[];
  severities: RefItem[];
  sources: RefItem[];
  roles: RefItem[];
}

export interface WorkflowActivity {
  id: string;
  type: string;
  [field: string]: unknown;
}

export interface WorkflowConnection {
  source: string;
  target: string;
  outcome?: string;
}

export interface WorkflowDefinition {
  id: string;
  name?: string;
  description?: string;
  version?: number;
  status?: string;
  start: string;
  activities: WorkflowActivity[];
  connections: WorkflowConnection[];
  [field: string]: unknown;
}

export interface WorkflowSummary {
  id: string;
  name?: string;
  description?: string;
  latestVersion?: number | null;
  publishedVersion?: number | null;
}

export interface WorkflowInstanceView {
  id?: string;
  instanceId?: string;
  definitionId?: string;
  definitionVersion?: number;
  /** The incident the instance runs for (its correlation id). */
  incidentId?: string;
  version?: number;
  status?: string;
  currentActivities?: (string | { activityId?: string; id?: string })[];
  bookmarks?: { id?: string; name?: string; activityId?: string; dueAt?: string | null; [k: string]: unknown }[];
  journal?: { activityId?: string; type?: string; outcome?: string; completedAt?: string; at?: string; [k: string]: unknown }[];
  faults?: { activityId?: string; message?: string; [k: string]: unknown }[];
}

// ---- Samples, clusters, assessment (API.md "Samples, clusters, assessment"; shapes from the C# records) ----

export interface SampleInput {
  externalId: string;
  text: string;
  url?: string;
  tags?: string[];
  metrics?: Record<string, number>;
}

export interface SampleView {
  externalId: string;
  text: string;
  url: string | null;
  tags: string[];
  metrics: Record<string, number>;
  addedBy: string;
  addedAt: string;
}

export interface SamplesAttached {
  accepted: number;
  total: number;
}

export interface ClusterView {
  id: number;
  size: number;
  terms: string[];
  summary: string;
  representatives: string[];
  members: string[];
  /** The representatives with their texts (the API fills it; runs stored before it existed lack it). */
  representativeSamples?: { id: string; externalId: string; text: string; url?: string | null }[];
}

export interface ClusterRun {
  id: string;
  incidentId?: string;
  k: number;
  kChosenAutomatically: boolean;
  silhouette: number;
  sampleCount: number;
  clusters: ClusterView[];
  createdBy: string;
  createdAt: string;
}

export interface AssessmentInput {
  affectedContent: number | null;
  exposure: number | null;
  spreadPerHour: number | null;
  sensitivity?: number | null;
  minorsInvolved?: boolean | null;
  overrideSeverity?: string | null;
  overrideReason?: string | null;
}

export interface AssessmentFactor {
  factor: string;
  value: number;
  weight: number;
  score: number;
  contribution: number;
  explanation: string;
}

export interface AssessmentView {
  id: string;
  incidentId: string;
  /** 0–100. */
  riskScore: number;
  suggestedSeverity: string;
  severity: string;
  explanation: AssessmentFactor[];
  input?: AssessmentInput;
  createdBy: string;
  createdAt: string;
}

// ---- Reports ----

export const REPORT_KINDS = ['flash', 'assessment', 'special', 'daily-digest'] as const;
export const DRAFT_KINDS = ['flash', 'assessment', 'special'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export type ReportStatus = 'draft' | 'approved' | 'published';

export interface ReportListItem {
  id: string;
  incidentId: string | null;
  incidentKey: string | null;
  kind: string;
  status: ReportStatus | string;
  title: string;
  audience: string[];
  digestDate: string | null;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
}

export interface ReportView extends ReportListItem {
  markdown: string;
}

// ---- Monitoring signals ----

export interface SeriesView {
  id: string;
  businessLine: string;
  category: string;
  metric: string;
  /** Score threshold in (0, 1]. */
  threshold: number;
  thresholdOverridden: boolean;
  pointCount: number;
  latestTimestamp: string | null;
  latestValue: number | null;
  latestScore: number | null;
  baseline: number | null;
  status: 'normal' | 'anomalous' | string;
  /** The first point that may raise an anomaly; null while the series is settling. */
  alertsFrom?: string | null;
}

export interface PointView {
  timestamp: string;
  value: number;
  anomalyScore: number;
  /** Before the series' first alerting point: its score raises no anomaly. */
  settling?: boolean;
}

export interface SeriesPoints {
  seriesId: string;
  items: PointView[];
  truncated: boolean;
}

export interface AnomalyView {
  id: string;
  series: { id: string; businessLine: string; category: string; metric: string };
  windowStart: string;
  windowEnd: string;
  peakScore: number;
  peakValue: number;
  baseline: number | null;
  points: number;
  /** opened | joined */
  outcome: string;
  status: string;
  incident: { id: string; key: string; status: string };
  detectedAt: string;
}

/** 202 of POST /api/signals. */
export interface SignalsIngested {
  seriesId: string;
  accepted: number;
  anomalies: AnomalyView[];
}
