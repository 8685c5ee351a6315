import { vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import type { User } from '../../../src/api/types';
import { session } from '../../../src/features/auth/session';
import type { Rule, RuleVersion } from '../../../src/features/governance/governanceTypes';
import { jsonResponse } from '../../render';

export function signIn(roles: User['roles'], department = 'risk-ops') {
  session.signIn({ accessToken: 't', expiresIn: 3600, user: { username: 'lead1', displayName: 'Lead', roles, department } });
}

export const version = (n: number, over: Partial<RuleVersion> = {}): RuleVersion => ({
  version: n,
  status: 'draft',
  name: '直播间诱导打赏治理',
  kind: 'rule',
  businessLine: 'douyin',
  category: 'fraud-scam',
  subjectType: 'live-room',
  characteristics: '## 特征\n\n- 主播**诱导**未成年人打赏',
  detection: 'model',
  ownerDepartment: 'risk-ops',
  implementingDepartments: ['review-ops', 'live-guild-ops'],
  incidentIds: ['inc-1'],
  incidents: [{ id: 'inc-1', key: 'INC-2026-000123', title: '直播诈骗' }],
  signalSeriesId: 's-1',
  controlSeriesId: null,
  ladder: [
    { strike: 1, action: 'warning' },
    { strike: 2, action: 'traffic-limit', durationDays: 7 },
    { strike: 3, action: 'termination' },
  ],
  strikeWindowDays: 90,
  graveStartsAtStrike: 2,
  rollUpToGuild: true,
  targets: { violationRateChange: -0.3, minPrecision: 0.95, minCoverage: 0.6 },
  evaluationWindowDays: 28,
  appealSlaHours: 48,
  createdBy: 'operator1',
  createdAt: '2026-11-20T10:00:00Z',
  ...over,
});

export const rule = (over: Partial<Rule> = {}): Rule => {
  const { version: _v, status: _s, ...content } = version(1);
  return {
    ...content,
    id: 'r-1',
    key: 'GOV-2026-000001',
    status: 'draft',
    version: 1,
    liveVersion: null,
    allowedTransitions: [],
    ...over,
  };
};

export const series = [
  { id: 's-1', businessLine: 'douyin', category: 'fraud-scam', metric: 'violation-rate', threshold: 0.8, thresholdOverridden: false, pointCount: 10, latestTimestamp: null, latestValue: null, latestScore: null, baseline: null, status: 'normal' },
  { id: 's-2', businessLine: 'tiktok-live', category: 'minor-safety', metric: 'violation-rate', threshold: 0.8, thresholdOverridden: false, pointCount: 10, latestTimestamp: null, latestValue: null, latestScore: null, baseline: null, status: 'normal' },
];

export type Call = { method: string; url: string; body: unknown };

/** A fetch answering by "METHOD path" (path with query) or by path prefix; records every call. */
export function mockApi(routes: (call: Call) => Response | undefined) {
  const calls: Call[] = [];
  const f = vi.fn(async (url: string, init: RequestInit) => {
    const call = { method: init.method ?? 'GET', url, body: init.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    return routes(call) ?? jsonResponse(404, { title: 'Not Found', status: 404 });
  });
  configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
  return calls;
}

export function resetApi() {
  configureClient({ getToken: () => null, onUnauthorized: () => undefined });
  session.signOut();
}
