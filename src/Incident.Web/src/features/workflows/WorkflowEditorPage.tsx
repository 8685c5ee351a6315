import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, type WorkflowProblem } from '../../api/client';
import { getWorkflow, publishWorkflow, saveWorkflow } from '../../api/endpoints';
import type { WorkflowDefinition } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { href, navigate } from '../../app/router';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { can, session } from '../auth/session';
import { detectFormat, findActivityInText, NEW_DEFINITION_YAML, normaliseDefinition, versionOf } from './definition';
import { WorkflowGraph } from './WorkflowGraph';

function tryParseJson(text: string): WorkflowDefinition | null {
  try {
    return normaliseDefinition(JSON.parse(text));
  } catch {
    return null;
  }
}

export function WorkflowEditorPage({ id }: { id?: string }) {
  const { t } = useI18n();
  const notify = useToast();
  const admin = can.writeWorkflows(session.get()?.user ?? null);
  const [text, setText] = useState(id ? '' : NEW_DEFINITION_YAML);
  const [format, setFormat] = useState<'json' | 'yaml'>(id ? 'json' : 'yaml');
  const [saved, setSaved] = useState<WorkflowDefinition | null>(null);
  const [problems, setProblems] = useState<WorkflowProblem[]>([]);
  const [general, setGeneral] = useState<string[]>([]);
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [loading, setLoading] = useState(!!id);
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!id) return;
    setLoading(true);
    getWorkflow(id)
      .then((raw) => {
        setText(JSON.stringify(raw, null, 2));
        setFormat('json');
        setSaved(normaliseDefinition(raw));
      })
      .catch((e: Error) => setGeneral([e.message]))
      .finally(() => setLoading(false));
  }, [id]);

  const preview = useMemo(() => (format === 'json' ? tryParseJson(text) : null) ?? saved, [format, text, saved]);
  const problemIds = useMemo(() => new Set(problems.map((p) => p.activityId).filter((x): x is string => !!x)), [problems]);

  function showProblem(activityId: string) {
    setHighlighted(activityId);
    const el = area.current;
    const at = findActivityInText(text, activityId);
    if (!el || !at) return;
    el.focus();
    el.setSelectionRange(at.start, at.end);
    const line = text.slice(0, at.start).split('\n').length - 1;
    el.scrollTop = Math.max(0, line * 18 - el.clientHeight / 3);
  }

  async function save() {
    setBusy(true);
    setProblems([]);
    setGeneral([]);
    try {
      const res = await saveWorkflow(text, format, id);
      const def = normaliseDefinition(res);
      setSaved(def);
      notify(t('wf.saved', { version: versionOf(def) ?? '?' }), 'success');
      if (!id && def?.id) navigate(href.workflowEdit(def.id));
    } catch (err) {
      if (err instanceof ApiError && (err.status === 422 || err.status === 400) && err.problems.length) {
        setProblems(err.problems);
        setGeneral([err.title ?? t('wf.invalid')]);
      } else setGeneral([err instanceof Error ? err.message : String(err)]);
    } finally {
      setBusy(false);
    }
  }

  async function publish() {
    const defId = id ?? saved?.id;
    if (!defId) return;
    setBusy(true);
    try {
      const res = normaliseDefinition(await publishWorkflow(defId));
      notify(t('wf.published.ok', { id: defId, version: versionOf(res) ?? '?' }), 'success');
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) setProblems(err.problems);
      setGeneral([err instanceof Error ? err.message : String(err)]);
    } finally {
      setBusy(false);
    }
  }

  if (!admin) return <ErrorBox messages={[t('wf.adminOnly')]} />;
  return (
    <div className="page editor-page">
      <p>
        <a href={id ? href.workflow(id) : href.workflows()}>← {id ?? t('wf.title')}</a>
      </p>
      <h1>
        {t('wf.editor')}
        {id ? `: ${id}` : ''}
      </h1>
      <div className="editor-layout">
        <div className="editor-main">
          <div className="editor-tools">
            <label>
              {t('wf.format')}{' '}
              <select value={format} onChange={(e) => setFormat(e.target.value as 'json' | 'yaml')} data-testid="workflow-format">
                <option value="yaml">YAML</option>
                <option value="json">JSON</option>
              </select>
            </label>
          </div>
          <label htmlFor="wf-text" className="visually-hidden">
            {t('wf.editorText')}
          </label>
          <textarea
            id="wf-text"
            ref={area}
            className="code"
            spellCheck={false}
            rows={28}
            value={loading ? t('app.loading') : text}
            disabled={loading}
            onChange={(e) => {
              setText(e.target.value);
              if (!e.target.value.trim()) return;
              const f = detectFormat(e.target.value);
              if (f !== format && (f === 'json' || format === 'json')) setFormat(f);
            }}
            aria-describedby="wf-problems"
            data-testid="workflow-text"
          />
          <div className="form-buttons">
            <button type="button" onClick={save} disabled={busy || loading} data-testid="workflow-save">
              {t('wf.saveDraft')}
            </button>
            <button type="button" className="secondary" onClick={publish} disabled={busy || loading || !(id ?? saved?.id)} data-testid="workflow-publish">
              {t('wf.publish')}
            </button>
          </div>
        </div>
        <aside className="panel problems" id="wf-problems" aria-live="polite" data-testid="workflow-problems">
          <h2>{t('wf.problems')}</h2>
          <ErrorBox messages={general} />
          {problems.length === 0 ? (
            <p className="muted">{t('wf.noProblems')}</p>
          ) : (
            <ul>
              {problems.map((p, i) => (
                <li key={i} data-testid="workflow-problem" data-activity-id={p.activityId}>
                  {p.activityId ? (
                    <button type="button" className="link-button" onClick={() => showProblem(p.activityId!)} aria-pressed={highlighted === p.activityId}>
                      {t('wf.problemAt', { id: p.activityId })}
                    </button>
                  ) : null}{' '}
                  {p.message}
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
      <section className="panel">
        <h2>{t('wf.preview')}</h2>
        {preview && preview.activities.length > 0 ? (
          <WorkflowGraph definition={preview} highlight={{ problem: problemIds }} selected={highlighted} onSelect={showProblem} />
        ) : (
          <p className="muted">{t('wf.previewUnavailable')}</p>
        )}
      </section>
    </div>
  );
}
