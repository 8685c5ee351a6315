import { vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import type { Role } from '../../../src/api/types';
import { session } from '../../../src/features/auth/session';
import type { Appeal, Effectiveness, SubjectView } from '../../../src/features/governance/enforcementTypes';
import { jsonResponse } from '../../render';

export type Call = { method: string; url: string; body: unknown };

/** Fake fetch: records each call and answers with `route(method, url, body)` (404 when it returns undefined). */
export function mockFetch(route: (method: string, url: string, body: unknown) => Response | undefined | Promise<Response | undefined>) {
  const calls: Call[] = [];
  const f = vi.fn(async (url: string, init: RequestInit) => {
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method: init.method ?? 'GET', url, body });
    return (await route(init.method ?? 'GET', url, body)) ?? jsonResponse(404, { title: 'Not found' }, 'application/problem+json');
  });
  configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
  return calls;
}

export function resetClient() {
  configureClient({ getToken: () => null, onUnauthorized: () => undefined });
  session.signOut();
}

export function signInAs(roles: Role[], department: string | null = 'risk-ops') {
  session.signIn({ accessToken: 't', expiresIn: 3600, user: { username: 'u1', displayName: 'U One', roles, department } });
}

export function problem(status: number, type: string, extra: Record<string, unknown> = {}) {
  return jsonResponse(status, { type: `https://incident.example/problems/${type}`, title: `English server title ${type}`, status, ...extra }, 'application/problem+json');
}

export const effectiveness = (over: Partial<Effectiveness> = {}): Effectiveness => ({
  ruleId: 'r1',
  ruleKey: 'GOV-2026-000001',
  version: 2,
  launchedAt: '2026-11-01T08:00:00Z',
  measuredAt: '2026-11-29T08:00:00Z',
  window: { before: { from: '2026-10-04', to: '2026-10-31' }, after: { from: '2026-11-01', to: '2026-11-28' } },
  violationRate: {
    seriesId: 's1',
    before: 0.05,
    after: 0.033,
    change: -0.34,
    ci95: [-0.41, -0.27],
    beforeDays: 28,
    afterDays: 28,
    controlSeriesId: 's2',
    controlBefore: 0.04,
    controlAfter: 0.038,
    didEstimate: -0.29,
    didCi95: [-0.37, -0.2],
    daily: [
      { date: '2026-10-30', window: 'before', value: 0.051, control: 0.04 },
      { date: '2026-10-31', window: 'before', value: 0.049, control: 0.041 },
      { date: '2026-11-01', window: 'before', value: 0.045, control: 0.04 },
      { date: '2026-11-01', window: 'after', value: 0.04, control: 0.039 },
      { date: '2026-11-03', window: 'after', value: 0.032, control: 0.038 },
    ],
  },
  precision: { value: 0.961, n: 400, violating: 384, ci95: [0.937, 0.976] },
  overturnRate: {
    value: 0.04,
    n: 250,
    overturned: 10,
    ci95: [0.022, 0.072],
    cohorts: [
      { cohort: '2026-10', decided: 100, overturned: 6, value: 0.06 },
      { cohort: '2026-11', decided: 150, overturned: 4, value: 0.0267 },
    ],
  },
  coverage: { value: 0.72, n: 500, ci95: [0.66, 0.77], enforced: 9000, estimatedMissed: 3500.4, population: 200000 },
  appealRate: { value: 0.021, appeals: 250, records: 11900 },
  medianDecisionHours: 18.5,
  recidivism: { value: 0.12, subjects: 5000, repeatSubjects: 600 },
  education: { completed: 300, reViolated: 27, reViolationRate: 0.09 },
  shadow: { wouldBePenalties: 42 },
  appealsDaily: [
    { date: '2026-11-02', filed: 12, overturned: 1 },
    { date: '2026-11-03', filed: 8, overturned: 0 },
  ],
  checks: [
    { target: 'violationRateChange', goal: -0.3, value: -0.34, status: 'met' },
    { target: 'minPrecision', goal: 0.95, value: 0.961, status: 'met' },
    { target: 'minCoverage', goal: 0.6, value: 0.72, status: 'met' },
  ],
  verdict: 'meets',
  meetsTargets: true,
  ...over,
});

export const appeal = (id: string, dueInMs: number, over: Partial<Appeal> = {}): Appeal => ({
  id,
  enforcementId: `e-${id}`,
  enforcementExternalId: `EXT-${id}`,
  ruleId: 'r1',
  ruleKey: 'GOV-2026-000001',
  ruleName: 'Gift fraud in live rooms',
  subject: { type: 'creator', id: `C${id}` },
  statement: `I did nothing <b>wrong</b> (${id})`,
  status: 'pending',
  filedAt: new Date(Date.now() - 3600_000).toISOString(),
  filedBy: 'operator1',
  dueAt: new Date(Date.now() + dueInMs).toISOString(),
  overdue: dueInMs < 0,
  reviewingDepartment: 'review-ops',
  ...over,
});

export const subjectView = (): SubjectView => ({
  subject: { type: 'creator', id: 'C42' },
  activeStrikes: 3,
  rules: [
    { ruleId: 'r1', ruleKey: 'GOV-2026-000001', ruleName: 'Gift fraud in live rooms', activeStrikes: 2, nextStep: { strike: 3, action: 'traffic-limit', durationDays: 7 } },
    { ruleId: 'r2', ruleKey: 'GOV-2026-000002', ruleName: 'Minor safety', activeStrikes: 1, nextStep: { strike: 2, action: 'revenue-freeze', durationDays: 30 } },
  ],
  activePenalties: [
    { ruleKey: 'GOV-2026-000001', action: 'warning', from: '2026-11-20T10:00:00Z', until: '2026-12-20T10:00:00Z' },
    { ruleKey: 'GOV-2026-000002', action: 'termination', from: '2026-11-21T10:00:00Z', until: null },
  ],
  records: [
    { id: 'e1', externalId: 'EXT-1', ruleId: 'r1', ruleKey: 'GOV-2026-000001', ruleVersion: 1, subject: { type: 'creator', id: 'C42' }, occurredAt: '2026-11-10T10:00:00Z', strike: 1, action: 'warning', durationDays: null, shadow: false, reversed: false },
    { id: 'e2', externalId: 'EXT-2', ruleId: 'r1', ruleKey: 'GOV-2026-000001', ruleVersion: 1, subject: { type: 'creator', id: 'C42' }, occurredAt: '2026-11-15T10:00:00Z', strike: 2, action: 'traffic-limit', durationDays: 3, shadow: false, reversed: true, reversedAt: '2026-11-16T10:00:00Z' },
    { id: 'e3', externalId: 'EXT-3', ruleId: 'r2', ruleKey: 'GOV-2026-000002', ruleVersion: 1, subject: { type: 'creator', id: 'C42' }, occurredAt: '2026-11-18T10:00:00Z', strike: 1, action: 'warning', durationDays: null, shadow: true, reversed: false },
  ],
  appeals: [appeal('7', 3600_000, { subject: { type: 'creator', id: 'C42' }, status: 'overturned', decidedAt: '2026-11-16T10:00:00Z' })],
  notices: [
    { id: 'n1', recipient: { type: 'creator', id: 'C42' }, kind: 'appeal-decision', language: 'zh-CN', title: '申诉结果通知', body: '…', deliveryStatus: 'delivered', deliveredAt: '2026-11-16T10:05:00Z' },
    { id: 'n2', recipient: { type: 'creator', id: 'C42' }, kind: 'education', language: 'zh-CN', title: '规则教育', body: '…', deliveryStatus: 'failed', error: 'channel down' },
  ],
});
