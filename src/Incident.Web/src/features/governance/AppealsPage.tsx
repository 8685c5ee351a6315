import { useCallback, useEffect, useId, useState } from 'react';
import type { Paged } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { Pager } from '../../app/Pager';
import { useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents, useResync } from '../../live/useLive';
import { session } from '../auth/session';
import { SlaCountdown } from '../sla/SlaCountdown';
import { DecideDialog, DecisionResult, FileAppealForm } from './AppealForms';
import { govHref, listAppeals } from './enforcementApi';
import { AppealStatusBadge, DeliveryBadge, may, problemText, SubjectName } from './enforcementLabels';
import { APPEAL_STATUSES, type Appeal, type AppealStatus } from './enforcementTypes';

export const APPEALS_PAGE_SIZE = 50;

/** Earliest due first (the server's order too); appeals without a due time last. */
export function sortAppealsByDue(items: Appeal[]): Appeal[] {
  const due = (a: Appeal) => (a.dueAt ? Date.parse(a.dueAt) : Number.POSITIVE_INFINITY);
  return [...items].sort((a, b) => due(a) - due(b));
}

/** The appeals queue (#/governance/appeals): SLA countdowns, decisions, filing. */
export function AppealsPage() {
  const { t } = useI18n();
  const user = session.get()?.user ?? null;
  const statusId = useId();
  const [status, setStatus] = useState<AppealStatus | ''>('pending');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Paged<Appeal> | null>(null);
  const [error, setError] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [decided, setDecided] = useState<Appeal | null>(null);

  const load = useCallback(
    () =>
      listAppeals({ status: status || undefined, page, pageSize: APPEALS_PAGE_SIZE })
        .then((p) => {
          setData({ ...p, items: sortAppealsByDue(p.items ?? []) });
          setError([]);
        })
        .catch((err: unknown) => setError(problemText(err, t))),
    [status, page, t],
  );
  useEffect(() => void load(), [load]);
  const reload = useDebounced(() => void load(), 500);
  useLiveEvents((e) => {
    if (e.type.startsWith('appeal.')) reload();
  });
  useResync(reload);

  const pages = data ? Math.max(1, Math.ceil(data.total / APPEALS_PAGE_SIZE)) : 1;
  return (
    <div className="page" data-testid="appeals-page">
      <h1>{t('gov.appeals.title')}</h1>
      <p className="hint">{t('gov.appeals.hint')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor={statusId}>{t('gov.appeals.statusFilter')}</label>
          <select
            id={statusId}
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as AppealStatus | '');
              setPage(1);
            }}
            data-testid="appeal-status-filter"
          >
            {APPEAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`gov.enforcement.appealStatus.${s}`)}
              </option>
            ))}
            <option value="">{t('gov.appeals.anyStatus')}</option>
          </select>
        </div>
      </div>
      {decided && <DecisionResult appeal={decided} onDismiss={() => setDecided(null)} />}
      {notice && <ErrorBox messages={[notice]} />}
      <ErrorBox messages={error} />
      {!data && !error.length && <p className="muted">{t('app.loading')}</p>}
      {data && data.items.length === 0 && <p className="muted empty">{t(status === 'pending' ? 'gov.appeals.emptyPending' : 'gov.appeals.empty')}</p>}
      {data && data.items.length > 0 && (
        <ul className="inbox-list" data-testid="appeal-list">
          {data.items.map((a) => (
            <AppealItem
              key={a.id}
              appeal={a}
              canDecide={may.decideAppeals(user)}
              onDecided={(r) => {
                setNotice(null);
                setDecided(r);
                void load();
              }}
              onStale={(message) => {
                setNotice(message);
                void load();
              }}
            />
          ))}
        </ul>
      )}
      {data && pages > 1 && <Pager page={page} pages={pages} onPage={setPage} label={t('gov.appeals.paging')} summary={t('gov.appeals.total', { count: data.total, page, pages })} />}
      {may.fileAppeals(user) && <FileAppealForm onFiled={() => void load()} />}
    </div>
  );
}

function AppealItem({ appeal: a, canDecide, onDecided, onStale }: {
  appeal: Appeal;
  canDecide: boolean;
  onDecided: (a: Appeal) => void;
  onStale: (message: string) => void;
}) {
  const { t, tv, formatTime } = useI18n();
  const [deciding, setDeciding] = useState(false);
  const pending = a.status === 'pending';
  return (
    <li className="inbox-item panel" data-testid="appeal-item" data-appeal-id={a.id} data-status={a.status} data-overdue={String(!!a.overdue)}>
      <div className="inbox-head">
        <span>
          <a href={govHref.rule(a.ruleId)} className="incident-key">
            {a.ruleKey}
          </a>{' '}
          {a.ruleName}
        </span>
        {pending ? (
          <span className="head-badges">
            {a.overdue && <span className="gov-overdue">{t('gov.appeals.overdue')}</span>}
            <SlaCountdown dueAt={a.dueAt} breached={a.overdue} />
          </span>
        ) : (
          <AppealStatusBadge status={a.status} />
        )}
      </div>
      <div className="muted small">
        {t('gov.appeals.subject')}: <SubjectName subject={a.subject} /> · {t('gov.appeals.record')}: {a.enforcementExternalId} · {t('gov.appeals.filedAt')}:{' '}
        {formatTime(a.filedAt)}
        {a.filedBy ? ` (${a.filedBy})` : ''}
        {a.reviewingDepartment ? ` · ${t('gov.appeals.reviewing')}: ${tv('department', a.reviewingDepartment)}` : ''}
      </div>
      <p className="note" data-testid="appeal-statement">
        {a.statement}
      </p>
      {!pending && (
        <div className="small">
          {t('gov.appeals.decidedBy', { who: a.decidedBy ?? '—', at: formatTime(a.decidedAt) })}
          {a.reason && <p className="note">{t('gov.appeals.reasonWas', { reason: a.reason })}</p>}
          {a.notice && (
            <p>
              {t('gov.appeals.noticeWas')} <DeliveryBadge status={a.notice.deliveryStatus} error={a.notice.error} />
            </p>
          )}
        </div>
      )}
      {pending && canDecide && !deciding && (
        <div className="form-buttons">
          <button type="button" onClick={() => setDeciding(true)} data-testid="appeal-decide">
            {t('gov.appeals.decide')}
          </button>
        </div>
      )}
      {pending && canDecide && deciding && (
        <DecideDialog
          appeal={a}
          onClose={() => setDeciding(false)}
          onDecided={(r) => {
            setDeciding(false);
            onDecided(r);
          }}
          onStale={(m) => {
            setDeciding(false);
            onStale(m);
          }}
        />
      )}
    </li>
  );
}
