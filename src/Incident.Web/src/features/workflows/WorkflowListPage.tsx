import { useEffect, useState } from 'react';
import { listWorkflows } from '../../api/endpoints';
import type { WorkflowSummary } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { href } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { can, session } from '../auth/session';

export function WorkflowListPage() {
  const { t } = useI18n();
  const admin = can.writeWorkflows(session.get()?.user ?? null);
  const [items, setItems] = useState<WorkflowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    listWorkflows()
      .then(setItems)
      .catch((e: Error) => setError(e.message));
  }, []);
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('wf.title')}</h1>
        {admin && (
          <a className="button" href={href.workflowEdit()} data-testid="new-workflow">
            {t('wf.new')}
          </a>
        )}
      </div>
      <ErrorBox messages={error ? [t('app.error', { message: error })] : []} />
      {!items && !error && <p className="muted">{t('app.loading')}</p>}
      {items && items.length === 0 && <p className="muted">{t('wf.empty')}</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="workflow-list">
            <thead>
              <tr>
                <th scope="col">{t('wf.id')}</th>
                <th scope="col">{t('wf.name')}</th>
                <th scope="col">{t('wf.latest')}</th>
                <th scope="col">{t('wf.published')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('wf.view')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((w) => (
                <tr key={w.id} data-testid="workflow-row" data-definition-id={w.id}>
                  <td>
                    <a href={href.workflow(w.id)}>{w.id}</a>
                  </td>
                  <td>{w.name ?? '—'}</td>
                  <td>{w.latestVersion ?? '—'}</td>
                  <td>
                    {w.publishedVersion ? <a href={href.workflow(w.id, w.publishedVersion)}>v{w.publishedVersion}</a> : '—'}
                  </td>
                  <td className="row-actions">
                    <a href={href.workflow(w.id)}>{t('wf.view')}</a>
                    {admin && <a href={href.workflowEdit(w.id)}>{t('wf.edit')}</a>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
