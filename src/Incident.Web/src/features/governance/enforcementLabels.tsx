// Small shared pieces of the enforcement screens: codes in words, badges, who may do what, problems.
import { ApiError } from '../../api/client';
import type { User } from '../../api/types';
import { useI18n, type MsgKey } from '../../i18n/i18n';
import { hasRole } from '../auth/session';
import { govHref, problemCode } from './enforcementApi';
import type { CsvProblem } from './enforcementCsv';
import type { DeliveryStatus, SubjectRef } from './enforcementTypes';
import './enforcement.css';

/** docs/governance.md "Who may do what". */
export const may = {
  recordEnforcement: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin'),
  fileAppeals: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin'),
  sendNotices: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin'),
  /** Leaders and review-ops partners (the table's "review-ops only"); the server enforces it too (403). */
  decideAppeals: (u: User | null) => hasRole(u, 'leader') || (hasRole(u, 'partner') && u?.department === 'review-ops'),
  recordAudits: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin') || (hasRole(u, 'partner') && u?.department === 'review-ops'),
};

export function useLabels() {
  const { t, tv } = useI18n();
  return {
    subjectType: (type: string) => tv('gov.enforcement.subjectType', type),
    action: (action: string) => tv('gov.enforcement.action', action),
    /** "Traffic limit for 7 days", or the action alone when it has no duration. */
    step: (action: string, days?: number | null) =>
      days ? t('gov.enforcement.stepDays', { action: tv('gov.enforcement.action', action), count: days }) : tv('gov.enforcement.action', action),
    noticeLanguage: (lang: string) => tv('gov.enforcement.language', lang),
  };
}

/** "Creator 12345", linked to the subject's page unless `link` is false. */
export function SubjectName({ subject, link = true }: { subject: SubjectRef; link?: boolean }) {
  const { subjectType } = useLabels();
  const text = `${subjectType(subject.type)} ${subject.id}`;
  return link ? <a href={govHref.subject(subject.type, subject.id)}>{text}</a> : <>{text}</>;
}

export function DeliveryBadge({ status, error }: { status: DeliveryStatus | string; error?: string | null }) {
  const { t, tv } = useI18n();
  return (
    <span className={`status gov-delivery-${status}`} data-testid="delivery-status" data-status={status} title={error ? t('gov.enforcement.deliveryError', { error }) : undefined}>
      {tv('gov.enforcement.delivery', status)}
    </span>
  );
}

export function AppealStatusBadge({ status }: { status: string }) {
  const { tv } = useI18n();
  return (
    <span className={`status gov-appeal-${status}`} data-testid="appeal-status" data-status={status}>
      {tv('gov.enforcement.appealStatus', status)}
    </span>
  );
}

/** A CSV problem in words (gov.csv.<code>). */
export function useCsvProblemText() {
  const { t } = useI18n();
  return (p: CsvProblem) => {
    const { code, ...params } = p;
    const named = 'line' in params ? { ...params, line: params.line.toLocaleString() } : params;
    return t(`gov.csv.${code}` as MsgKey, named as Record<string, string | number>);
  };
}

/**
 * A problem response as sentences: the message of its `type` when the screen knows it, else the
 * server's title/detail; 403 says who may; field errors are listed.
 */
export function problemText(err: unknown, t: (k: MsgKey, p?: Record<string, string | number>) => string, known: Partial<Record<string, MsgKey>> = {}): string[] {
  if (!(err instanceof ApiError)) return [t('app.error', { message: err instanceof Error ? err.message : String(err) })];
  const code = problemCode(err);
  const own = code ? known[code] : undefined;
  if (own) return [t(own)];
  if (err.status === 0) return [t('app.networkError')];
  if (err.status === 403) return [known['403'] ? t(known['403']) : t('gov.enforcement.forbidden')];
  if (err.status === 404 && known['404']) return [t(known['404'])];
  const fields = Object.values(err.errors).flat();
  return fields.length ? fields : [err.message];
}
