import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { listIncidents } from '../../api/endpoints';
import type { IncidentDoc, IncidentQuery, Paged } from '../../api/types';
import { ErrorBox, RefOptions } from '../../app/forms';
import { STAGE_ITEMS, useReference } from '../../app/reference';
import { href, navigate } from '../../app/router';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents, useResync } from '../../live/useLive';
import { can, session } from '../auth/session';
import { SeverityBadge, StatusBadge } from './badges';
import { CreateIncidentForm } from './CreateIncidentForm';
import { Pager } from '../../app/Pager';

const PAGE_SIZE = 25;
type Filters = Required<Pick<IncidentQuery, 'stage' | 'severity' | 'category' | 'businessLine' | 'status' | 'q'>>;
const NO_FILTERS: Filters = { stage: '', severity: '', category: '', businessLine: '', status: '', q: '' };

export function IncidentListPage({ creating = false }: { creating?: boolean }) {
  const { t } = useI18n();
  const notify = useToast();
  const user = session.get()?.user ?? null;
  const partnerOnly = !!user && user.roles.every((r) => r === 'partner');
  const [draft, setDraft] = useState<Filters>(partnerOnly ? { ...NO_FILTERS } : { ...NO_FILTERS, status: 'open' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Paged<IncidentDoc> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    listIncidents({ ...filters, page, pageSize: PAGE_SIZE })
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [filters, page]);

  useEffect(load, [load]);
  const reload = useDebounced(load, 500);
  useLiveEvents((e) => {
    if (e.type.startsWith('incident.') || e.type === 'sla.breached') reload();
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
  const setF = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const ref = useReference();
  const pages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || PAGE_SIZE))) : 1;

  return (
    <div className="page incidents-page">
      <div className="page-head">
        <h1>{partnerOnly ? t('nav.myIncidents') : t('incidents.title')}</h1>
        {can.openIncidents(user) && !creating && (
          <a className="button" href={href.newIncident()} data-testid="new-incident">
            {t('incidents.new')}
          </a>
        )}
      </div>
      {creating && can.openIncidents(user) && (
        <CreateIncidentForm
          onCreated={(inc) => {
            notify(t('create.created', { key: inc.key }), 'success');
            navigate(href.incident(inc.id));
          }}
        />
      )}
      <form className="filters panel" onSubmit={apply} aria-label={t('incidents.filters')} data-testid="incident-filters">
        <div className="field grow">
          <label htmlFor="f-q">{t('incidents.search')}</label>
          <input id="f-q" type="search" value={draft.q} onChange={setF('q')} placeholder={t('incidents.searchPlaceholder')} />
        </div>
        <FilterSelect id="f-stage" label={t('field.stage')} value={draft.stage} onChange={setF('stage')}>
          <RefOptions items={STAGE_ITEMS} prefix="stage" />
        </FilterSelect>
        <FilterSelect id="f-severity" label={t('field.severity')} value={draft.severity} onChange={setF('severity')}>
          <RefOptions items={ref.severities} prefix="severity" />
        </FilterSelect>
        <FilterSelect id="f-category" label={t('field.category')} value={draft.category} onChange={setF('category')}>
          <RefOptions items={ref.categories} prefix="category" />
        </FilterSelect>
        <FilterSelect id="f-bl" label={t('field.businessLine')} value={draft.businessLine} onChange={setF('businessLine')}>
          <RefOptions items={ref.businessLines} prefix="businessLine" />
        </FilterSelect>
        <FilterSelect id="f-status" label={t('field.status')} value={draft.status} onChange={setF('status')}>
          <RefOptions items={[{ value: 'open' }, { value: 'closed' }]} prefix="status" />
        </FilterSelect>
        <div className="form-buttons">
          <button type="submit">{t('incidents.apply')}</button>
          <button type="button" className="secondary" onClick={reset}>
            {t('incidents.reset')}
          </button>
        </div>
      </form>
      <ErrorBox messages={error ? [t('app.error', { message: error })] : []} />
      {!data && !error && <p className="muted">{t('app.loading')}</p>}
      {data && <IncidentTable items={data.items} />}
      {data && (
        <Pager page={page} pages={pages} onPage={setPage} summary={<>{t('incidents.total', { total: data.total })} · {t('incidents.page', { page: data.page, pages })}</>} />
      )}
    </div>
  );
}

function FilterSelect({
  id,
  label,
  value,
  onChange,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={onChange}>
        <option value="">{t('incidents.any')}</option>
        {children}
      </select>
    </div>
  );
}

export function IncidentTable({ items }: { items: IncidentDoc[] }) {
  const { t, tv, formatTime } = useI18n();
  if (!items.length) return <p className="muted empty">{t('incidents.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="incident-table" data-testid="incident-list">
        <thead>
          <tr>
            <th scope="col">{t('field.key')}</th>
            <th scope="col">{t('field.title')}</th>
            <th scope="col">{t('field.severity')}</th>
            <th scope="col">{t('field.stage')}</th>
            <th scope="col">{t('field.category')}</th>
            <th scope="col">{t('field.businessLine')}</th>
            <th scope="col">{t('field.owner')}</th>
            <th scope="col">{t('field.status')}</th>
            <th scope="col">{t('field.updatedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id} data-testid="incident-row" data-incident-id={i.id} data-key={i.key}>
              <td>
                <a href={href.incident(i.id)}>{i.key}</a>
              </td>
              <td>{i.title}</td>
              <td>
                <SeverityBadge severity={i.severity} />
              </td>
              <td>{tv('stage', i.stage)}</td>
              <td>{tv('category', i.category)}</td>
              <td>{tv('businessLine', i.businessLine)}</td>
              <td>{tv('department', i.ownerDepartment)}</td>
              <td>
                <StatusBadge status={i.status} />
              </td>
              <td>{formatTime(i.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
