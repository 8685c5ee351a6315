import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Paged } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { Pager } from '../../app/Pager';
import { href } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents, useResync } from '../../live/useLive';
import { session } from '../auth/session';
import { EnforcementUpload } from './EnforcementUpload';
import { listRules } from './governanceApi';
import { RULE_STATUSES, type Rule } from './governanceTypes';
import { GovernanceNav } from './GovernanceNav';
import { RuleStatusBadge } from './ruleBadges';
import { govCan } from './rules';

const PAGE_SIZE = 25;
type Filters = { status: string; q: string };
const NO_FILTERS: Filters = { status: '', q: '' };

/** `#/governance`: every rule the caller may see (partners: those of incidents their department is involved in). */
export function RulesListPage() {
  const { t, tv, lang } = useI18n();
  const user = session.get()?.user ?? null;
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Paged<Rule> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    () =>
      listRules({ status: filters.status || undefined, q: filters.q.trim() || undefined, page, pageSize: PAGE_SIZE })
        .then((d) => {
          setData(d);
          setError(null);
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))),
    [filters, page],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const reload = useDebounced(() => void load(), 500);
  useLiveEvents((e) => {
    if (e.type.startsWith('governance.')) reload();
  });
  useResync(reload);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    setFilters({ ...draft });
  };
  const reset = () => {
    setDraft(NO_FILTERS);
    setPage(1);
    setFilters(NO_FILTERS);
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || PAGE_SIZE))) : 1;
  const enforcing = (r: Rule) =>
    r.liveVersion && r.shadowVersion
      ? t('gov.rule.liveAndShadow', { live: r.liveVersion, shadow: r.shadowVersion })
      : r.liveVersion
        ? t('gov.rule.versionN', { version: r.liveVersion })
        : r.shadowVersion
          ? t('gov.rule.inShadow', { version: r.shadowVersion })
          : t('gov.rule.notEnforcing');
  const sep = lang === 'zh-CN' ? '、' : ', ';

  return (
    <div className="page rules-page" data-testid="rules-page">
      <GovernanceNav active="rules" />
      <div className="page-head">
        <h1>{t('gov.rules.title')}</h1>
        {govCan.writeRules(user) && (
          <a className="button" href={href.ruleNew()} data-testid="new-rule">
            {t('gov.rules.new')}
          </a>
        )}
      </div>
      <p className="hint">{t('gov.rules.intro')}</p>
      <form className="filters panel" onSubmit={apply} aria-label={t('incidents.filters')} data-testid="rules-filters">
        <div className="field">
          <label htmlFor="gov-f-status">{t('field.status')}</label>
          <select id="gov-f-status" value={draft.status} onChange={(e) => setDraft((d) => ({ ...d, status: e.target.value }))} data-testid="rules-status-filter">
            <option value="">{t('incidents.any')}</option>
            {RULE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {tv('gov.status', s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor="gov-f-q">{t('incidents.search')}</label>
          <input
            id="gov-f-q"
            type="search"
            value={draft.q}
            placeholder={t('gov.rules.searchPlaceholder')}
            onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))}
            data-testid="rules-search"
          />
        </div>
        <div className="form-buttons">
          <button type="submit" data-testid="rules-apply">
            {t('incidents.apply')}
          </button>
          <button type="button" className="secondary" onClick={reset}>
            {t('incidents.reset')}
          </button>
        </div>
      </form>
      {error && <ErrorBox messages={[t('app.error', { message: error })]} />}
      {!data && !error && <p className="muted">{t('app.loading')}</p>}
      {data && data.items.length === 0 && (
        <p className="muted" data-testid="rules-empty">
          {filters.status || filters.q ? t('gov.rules.noMatch') : t('gov.rules.empty')}
        </p>
      )}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="rule-list">
            <caption className="visually-hidden">{t('gov.rules.caption', { total: data.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('gov.field.key')}</th>
                <th scope="col">{t('gov.field.name')}</th>
                <th scope="col">{t('gov.field.kind')}</th>
                <th scope="col">{t('field.businessLine')}</th>
                <th scope="col">{t('field.category')}</th>
                <th scope="col">{t('gov.field.subjectType')}</th>
                <th scope="col">{t('field.status')}</th>
                <th scope="col">{t('gov.field.liveVersion')}</th>
                <th scope="col">{t('gov.field.incidents')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id} data-testid="rule-row" data-rule-id={r.id} data-key={r.key} data-status={r.status}>
                  <td className="nowrap">
                    <a href={href.rule(r.id)}>{r.key}</a>
                  </td>
                  <td>
                    <a href={href.rule(r.id)}>{r.name}</a>
                  </td>
                  <td>{tv('gov.kind', r.kind)}</td>
                  <td>{tv('businessLine', r.businessLine)}</td>
                  <td>{tv('category', r.category)}</td>
                  <td>{tv('gov.subjectType', r.subjectType)}</td>
                  <td>
                    <RuleStatusBadge status={r.status} />
                    <span className="muted small"> {t('gov.rule.versionN', { version: r.version })}</span>
                  </td>
                  <td data-testid="rule-live-version">{enforcing(r)}</td>
                  <td className="small">
                    {(r.incidents ?? []).length === 0
                      ? (r.incidentIds ?? []).length
                        ? t('gov.rules.incidentCount', { count: r.incidentIds.length })
                        : '—'
                      : (r.incidents ?? []).map((i, n) => (
                          <span key={i.id}>
                            {n > 0 ? sep : ''}
                            <a href={href.incident(i.id)} title={i.title}>
                              {i.key}
                            </a>
                          </span>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && pages > 1 && <Pager page={page} pages={pages} onPage={setPage} summary={t('gov.rules.pageOf', { page, pages, total: data.total })} />}
      {govCan.recordEnforcement(user) && <EnforcementUpload />}
    </div>
  );
}
