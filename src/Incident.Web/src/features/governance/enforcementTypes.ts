// Shapes of the enforcement side of docs/governance.md: records, appeals, subjects, audits, notices,
// campaigns and effectiveness. Figures the server may not have yet (no launch, no audit) are nullable.

export const SUBJECT_TYPES = ['guild', 'creator', 'live-room', 'content', 'account'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const LADDER_ACTIONS = ['warning', 'education', 'traffic-limit', 'revenue-freeze', 'feature-suspension', 'guild-suspension', 'termination'] as const;
export type LadderAction = (typeof LADDER_ACTIONS)[number];

export const AUTOMATED_DECISIONS = ['fully', 'partially', 'not'] as const;
export type AutomatedDecision = (typeof AUTOMATED_DECISIONS)[number];

export const APPEAL_STATUSES = ['pending', 'upheld', 'overturned'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];
export type AppealOutcome = Exclude<AppealStatus, 'pending'>;

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'not-sent';
export type Verdict = 'meets' | 'not-yet' | 'regresses';
export type CheckStatus = 'met' | 'not-yet' | 'missed';
export type CheckTarget = 'violationRateChange' | 'minPrecision' | 'minCoverage';
export type NoticeLanguage = 'zh-CN' | 'en';

export const NOTICE_TEMPLATES = ['new-rule', 'rule-changed', 'education'] as const;
export type NoticeTemplate = (typeof NOTICE_TEMPLATES)[number];
export const SEGMENT_KINDS = ['guilds-of-business-line', 'rule-offenders', 'subjects'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

export interface SubjectRef {
  type: string;
  id: string;
  guildId?: string | null;
}

/** One record as sent to POST /api/governance/enforcements. */
export interface EnforcementInput {
  externalId: string;
  ruleId: string;
  subject: SubjectRef;
  occurredAt: string;
  grave?: boolean;
  automatedDetection: boolean;
  automatedDecision: AutomatedDecision;
  decisionGround?: string;
  dsaCategory?: string;
  contentType?: string[];
  facts?: string;
}

export interface EnforcementOutcome {
  externalId: string;
  id: string;
  ruleId: string;
  ruleKey: string;
  ruleVersion: number;
  strike: number;
  action: string;
  durationDays?: number | null;
  shadow: boolean;
  grave?: boolean;
  strikeSubject?: SubjectRef;
  /** Not in the contract; honoured when the server marks a record it already had. */
  duplicate?: boolean;
}

export interface EnforcementBatch {
  accepted: number;
  duplicates: number;
  records: EnforcementOutcome[];
}

export interface EnforcementRecord {
  id: string;
  externalId: string;
  ruleId: string;
  ruleKey: string;
  ruleVersion: number;
  subject: SubjectRef;
  strikeSubject?: SubjectRef;
  occurredAt: string;
  strike: number;
  action: string;
  durationDays?: number | null;
  shadow: boolean;
  grave?: boolean;
  reversed: boolean;
  reversedAt?: string | null;
  educationCompletedAt?: string | null;
  appealId?: string | null;
}

export interface Notice {
  id: string;
  recipient: SubjectRef;
  kind: string;
  language: string;
  title: string;
  body: string;
  deliveryStatus: DeliveryStatus;
  deliveredAt?: string | null;
  error?: string | null;
  /** Not in the contract: which campaign sent it (see NoticesSection). */
  campaignId?: string | null;
  createdAt?: string | null;
}

export interface Appeal {
  id: string;
  enforcementId: string;
  enforcementExternalId: string;
  ruleId: string;
  ruleKey: string;
  ruleName: string;
  subject: SubjectRef;
  statement: string;
  status: AppealStatus;
  filedAt: string;
  filedBy: string;
  dueAt: string | null;
  overdue: boolean;
  reviewingDepartment: string | null;
  decidedAt?: string | null;
  decidedBy?: string | null;
  reason?: string | null;
  notice?: Notice | null;
}

export interface AppealQuery {
  status?: AppealStatus;
  ruleId?: string;
  page?: number;
  pageSize?: number;
}

export interface SubjectRuleStanding {
  ruleId: string;
  ruleKey: string;
  ruleName: string;
  activeStrikes: number;
  nextStep: { strike: number; action: string; durationDays?: number | null } | null;
}

export interface ActivePenalty {
  ruleKey: string;
  action: string;
  from: string;
  until?: string | null;
}

export interface SubjectView {
  subject: SubjectRef;
  activeStrikes: number;
  rules: SubjectRuleStanding[];
  activePenalties: ActivePenalty[];
  records: EnforcementRecord[];
  appeals: Appeal[];
  notices: Notice[];
}

export type AuditKind = 'precision' | 'coverage';
export interface AuditItem {
  ref: string;
  violating: boolean;
}
export interface AuditInput {
  ruleId: string;
  kind: AuditKind;
  items: AuditItem[];
  population?: number;
  ruleVersion?: number;
}
export interface Audit {
  id: string;
  ruleId: string;
  ruleVersion: number;
  kind: AuditKind;
  n: number;
  violating: number;
  value: number | null;
  ci95: [number, number] | null;
  population?: number | null;
  createdAt: string;
  createdBy: string;
}

export interface Segment {
  kind: SegmentKind;
  minStrikes?: number;
  subjects?: { type: string; id: string }[];
}
export interface NoticeRequest {
  template: NoticeTemplate;
  segment: Segment;
  language?: NoticeLanguage;
}
export interface Campaign {
  id: string;
  ruleId: string;
  template: string;
  segment: Segment;
  language: string;
  recipients: number;
  delivered: number;
  failed: number;
  pending: number;
  createdAt: string;
  createdBy: string;
}
export interface NoticesView {
  campaigns: Campaign[];
  notices: Notice[];
}

type Ci = [number, number] | null;
type Num = number | null;

export interface Effectiveness {
  ruleId: string;
  ruleKey: string;
  version: number;
  /** The measured version's status (shadow, live, paused…); shadowAt when it went to shadow mode. */
  versionStatus?: string | null;
  shadowAt?: string | null;
  launchedAt: string | null;
  measuredAt: string | null;
  window?: { before: { from: string; to: string }; after: { from: string; to: string }; afterElapsedDays?: number | null; complete?: boolean } | null;
  violationRate?: {
    seriesId?: string | null;
    before: Num;
    after: Num;
    change: Num;
    ci95: Ci;
    beforeDays?: Num;
    afterDays?: Num;
    controlSeriesId?: string | null;
    controlBefore?: Num;
    controlAfter?: Num;
    didEstimate?: Num;
    didCi95?: Ci;
    /** One mean per UTC day and window: the launch day comes twice, once per window. */
    daily?: { date: string; window?: 'before' | 'after' | string; value: number | null; control?: number | null }[];
  } | null;
  precision?: { value: Num; n: number; violating: number; ci95: Ci } | null;
  overturnRate?: { value: Num; n: number; overturned: number; ci95?: Ci; cohorts?: { cohort: string; appeals?: number; decided: number; overturned: number; value: Num }[] } | null;
  coverage?: { value: Num; n: number; ci95: Ci; enforced: number; estimatedMissed: Num; population: Num } | null;
  appealRate?: { value: Num; appeals: number; records: number } | null;
  medianDecisionHours?: Num;
  recidivism?: { value: Num; subjects: number; repeatSubjects: number } | null;
  education?: { completed: number; reViolated: number; reViolationRate: Num } | null;
  shadow?: { wouldBePenalties: number } | null;
  appealsDaily?: { date: string; filed: number; overturned: number }[];
  checks?: { target: CheckTarget | string; goal: number; value: Num; status: CheckStatus }[];
  verdict: Verdict;
  meetsTargets: boolean | null;
}
