// Shapes of docs/governance.md "Rules and versions" and GET /api/incidents/{id}/governance.

export const RULE_KINDS = ['rule', 'strategy'] as const;
export const SUBJECT_TYPES = ['guild', 'creator', 'live-room', 'content', 'account'] as const;
export const DETECTIONS = ['manual-review', 'model', 'keyword', 'user-reports'] as const;
export const LADDER_ACTIONS = [
  'warning',
  'education',
  'traffic-limit',
  'revenue-freeze',
  'feature-suspension',
  'guild-suspension',
  'termination',
] as const;
export const RULE_STATUSES = ['draft', 'in-review', 'approved', 'shadow', 'live', 'paused', 'retired'] as const;
/** In the order the lifecycle runs, which is the order the buttons appear in. */
export const TRANSITIONS = ['submit', 'approve', 'reject', 'shadow', 'launch', 'pause', 'retire'] as const;

export type RuleKind = (typeof RULE_KINDS)[number];
export type RuleStatus = (typeof RULE_STATUSES)[number];
export type Transition = (typeof TRANSITIONS)[number];
export type Verdict = 'meets' | 'not-yet' | 'regresses';
export type IncidentVerdict = Verdict | 'none';

export interface LadderStep {
  strike: number;
  action: string;
  durationDays?: number | null;
}

export interface Targets {
  /** A fraction: -0.3 is "30 % fewer violations". */
  violationRateChange?: number | null;
  minPrecision?: number | null;
  minCoverage?: number | null;
}

export interface IncidentRef {
  id: string;
  key: string;
  title: string;
}

/** The writable fields (POST body; PUT adds expectedVersion). */
export interface RuleInput {
  name: string;
  kind: string;
  businessLine: string;
  category: string;
  subjectType: string;
  characteristics: string;
  detection: string;
  ownerDepartment?: string;
  implementingDepartments: string[];
  incidentIds: string[];
  memberRuleIds?: string[];
  signalSeriesId?: string | null;
  controlSeriesId?: string | null;
  ladder: LadderStep[];
  strikeWindowDays?: number;
  graveStartsAtStrike?: number | null;
  rollUpToGuild?: boolean;
  targets: Targets;
  evaluationWindowDays?: number;
  appealSlaHours?: number;
  expectedVersion?: number;
}

/** The content of one version (the rule view shows its latest). */
export interface RuleContent {
  name: string;
  kind: string;
  businessLine: string;
  category: string;
  subjectType: string;
  characteristics: string;
  detection: string;
  ownerDepartment: string | null;
  implementingDepartments: string[];
  incidentIds: string[];
  incidents?: IncidentRef[];
  memberRuleIds?: string[];
  signalSeriesId?: string | null;
  controlSeriesId?: string | null;
  ladder: LadderStep[];
  strikeWindowDays: number;
  graveStartsAtStrike?: number | null;
  rollUpToGuild: boolean;
  targets: Targets;
  evaluationWindowDays: number;
  appealSlaHours: number;
}

export interface RuleTimestamps {
  createdBy?: string;
  createdAt?: string;
  updatedAt?: string;
  submittedAt?: string | null;
  approvedBy?: string | null;
  approvedAt?: string | null;
  shadowAt?: string | null;
  launchedAt?: string | null;
  launchedBy?: string | null;
  pausedAt?: string | null;
  retiredAt?: string | null;
}

export interface RuleVersion extends RuleContent, RuleTimestamps {
  version: number;
  status: RuleStatus | string;
  supersededBy?: number | null;
}

export interface Rule extends RuleContent, RuleTimestamps {
  id: string;
  key: string;
  status: RuleStatus | string;
  version: number;
  /** The version enforcing live; the served view also names a version running in shadow apart. */
  liveVersion: number | null;
  shadowVersion?: number | null;
  /** Concurrency token PUT's expectedVersion is compared with (falls back to `version`). */
  rowVersion?: number;
  allowedTransitions: (Transition | string)[];
  versions?: RuleVersion[];
}

export interface RuleQuery {
  status?: string;
  incidentId?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface RuleEffectivenessSummary {
  verdict: Verdict | string | null;
  meetsTargets: boolean | null;
  violationRate?: {
    change: number | null;
    ci95?: [number, number] | number[] | null;
    didEstimate?: number | null;
    didCi95?: [number, number] | number[] | null;
  } | null;
  precision?: { value: number | null } | null;
  coverage?: { value: number | null } | null;
}

export interface IncidentGovernanceRule {
  id: string;
  key: string;
  name: string;
  status: RuleStatus | string;
  kind?: string;
  version?: number;
  liveVersion?: number | null;
  shadowVersion?: number | null;
  launchedAt?: string | null;
  targets?: Targets;
  effectiveness?: RuleEffectivenessSummary | null;
}

export interface IncidentGovernance {
  incidentId: string;
  verdict: IncidentVerdict | string;
  rules: IncidentGovernanceRule[];
  gate?: { waiting: boolean; since?: string | null; windowEndsAt?: string | null } | null;
}
