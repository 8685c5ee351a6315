import { ApiError, request } from '../../api/client';
import type { Paged } from '../../api/types';
import type {
  Appeal,
  AppealOutcome,
  AppealQuery,
  Audit,
  AuditInput,
  Campaign,
  Effectiveness,
  EnforcementBatch,
  EnforcementInput,
  NoticeLanguage,
  NoticeRequest,
  NoticesView,
  SubjectView,
} from './enforcementTypes';

const enc = encodeURIComponent;
const base = '/api/governance';

export const getEffectiveness = (ruleId: string, version?: number) =>
  request<Effectiveness>('GET', `${base}/rules/${enc(ruleId)}/effectiveness`, { query: { version } });

export const listAppeals = (q: AppealQuery) => request<Paged<Appeal>>('GET', `${base}/appeals`, { query: { ...q } });

export const fileAppeal = (body: { enforcementExternalId: string; statement: string; filedAt?: string }) =>
  request<Appeal>('POST', `${base}/appeals`, { body });

export const decideAppeal = (id: string, body: { outcome: AppealOutcome; reason: string; language?: NoticeLanguage }) =>
  request<Appeal>('POST', `${base}/appeals/${enc(id)}/decide`, { body });

export const getSubject = (type: string, id: string) => request<SubjectView>('GET', `${base}/subjects/${enc(type)}/${enc(id)}`);

export const postEnforcements = (records: EnforcementInput[], signal?: AbortSignal) =>
  request<EnforcementBatch>('POST', `${base}/enforcements`, { body: { records }, signal });

export const postAudit = (body: AuditInput) => request<Audit>('POST', `${base}/audits`, { body });

export const listAudits = async (ruleId: string) => {
  const r = await request<Audit[] | { items: Audit[] }>('GET', `${base}/audits`, { query: { ruleId } });
  return Array.isArray(r) ? r : (r?.items ?? []);
};

export const sendNotices = (ruleId: string, body: NoticeRequest) =>
  request<Campaign>('POST', `${base}/rules/${enc(ruleId)}/notices`, { body });

export const listNotices = async (ruleId: string): Promise<NoticesView> => {
  const r = await request<Partial<NoticesView> | null>('GET', `${base}/rules/${enc(ruleId)}/notices`);
  return { campaigns: r?.campaigns ?? [], notices: r?.notices ?? [] };
};

/** Hash links to the governance screens (routes are registered in app/router.ts). */
export const govHref = {
  subjects: () => '#/governance/subjects',
  subject: (type: string, id: string) => `#/governance/subjects/${enc(type)}/${enc(id)}`,
  rule: (id: string) => `#/governance/rules/${enc(id)}`,
  appeals: () => '#/governance/appeals',
};

/** The last segment of a problem `type` ("https://…/problems/appeal-decided" → "appeal-decided"). */
export function problemCode(err: unknown): string | null {
  if (!(err instanceof ApiError) || !err.type) return null;
  const m = /([a-z0-9-]+)\/?$/i.exec(err.type);
  return m ? m[1]!.toLowerCase() : null;
}
