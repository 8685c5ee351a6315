import { useEffect, useState } from 'react';
import { getWorkflow } from '../../api/endpoints';
import type { WorkflowDefinition } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { href, navigate } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { can, session } from '../auth/session';
import { normaliseDefinition, sourceOf, versionOf } from './definition';
import { localized } from './labels';
import { ActivityDetails, WorkflowGraph } from './WorkflowGraph';

export function WorkflowViewPage({ id, version }: { id: string; version?: number }) {
  const { t, lang } = useI18n();
  const admin = can.writeWorkflows(session.get()?.user ?? null);
  const [def, setDef] = useState<WorkflowDefinition | null>(null);
  const [latest, setLatest] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    setDef(null);
    setError(null);
    getWorkflow(id, version)
      .then((raw) => {
        const d = normaliseDefinition(raw);
        setDef(d);
        if (!version) setLatest(versionOf(d));
      })
      .catch((e: Error) => setError(e.message));
  }, [id, version]);

  useEffect(() => {
    if (version && latest === undefined)
      getWorkflow(id)
        .then((raw) => setLatest(versionOf(normaliseDefinition(raw))))
        .catch(() => undefined);
  }, [id, version, latest]);

  const shown = version ?? versionOf(def);
  const versions = latest ? Array.from({ length: latest }, (_, i) => latest - i) : shown ? [shown] : [];

  return (
    <div className="page workflow-page">
      <p>
        <a href={href.workflows()}>← {t('wf.title')}</a>
      </p>
      <div className="page-head">
        <h1>
          {localized(def?.name, lang) ?? id} <span className="muted">({id})</span>
        </h1>
        <div className="head-tools">
          {versions.length > 0 && (
            <label>
              {t('wf.version')}{' '}
              <select value={shown ?? ''} onChange={(e) => navigate(href.workflow(id, Number(e.target.value)))} data-testid="workflow-version">
                {versions.map((v) => (
                  <option key={v} value={v}>
                    v{v}
                  </option>
                ))}
              </select>
            </label>
          )}
          {admin && (
            <a className="button secondary" href={href.workflowEdit(id)}>
              {t('wf.edit')}
            </a>
          )}
        </div>
      </div>
      <ErrorBox messages={error ? [t('app.error', { message: error })] : []} />
      {!def && !error && <p className="muted">{t('app.loading')}</p>}
      {def && (
        <>
          {localized(def.description, lang) && <p>{localized(def.description, lang)}</p>}
          <div className="graph-layout">
            <WorkflowGraph definition={def} selected={selected} onSelect={setSelected} />
            <aside className="panel">
              <ActivityDetails definition={def} activityId={selected} />
            </aside>
          </div>
          <details className="panel">
            <summary>{t('wf.source')}</summary>
            <pre className="source" data-format={sourceOf(def).format}>{sourceOf(def).text}</pre>
          </details>
        </>
      )}
    </div>
  );
}
