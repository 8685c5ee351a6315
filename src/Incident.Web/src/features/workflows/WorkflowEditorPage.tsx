import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, type WorkflowProblem } from '../../api/client';
import { getWorkflow, publishWorkflow, saveWorkflow } from '../../api/endpoints';
import type { WorkflowDefinition } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { href, navigate } from '../../app/router';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { can, session } from '../auth/session';
import { CodeEditor, type CodeEditorHandle } from './CodeEditor';
import { detectFormat, findActivityInText, NEW_DEFINITION_YAML, normaliseDefinition, sourceOf, versionOf } from './definition';
import { activityLabel } from './labels';
import { locateProblems, type LocatedProblem } from './locate';
import { WorkflowGraph } from './WorkflowGraph';

function tryParseJson(text: string): WorkflowDefinition | null {
  try {
    return normaliseDefinition(JSON.parse(text));
  } catch {
    return null;
  }
}

export function WorkflowEditorPage({ id }: { id?: string }) {
  const { t, lang } = useI18n();
  const notify = useToast();
  const admin = can.writeWorkflows(session.get()?.user ?? null);
  const [text, setText] = useState(id ? '' : NEW_DEFINITION_YAML);
  const [format, setFormat] = useState<'json' | 'yaml'>('yaml');
  const [saved, setSaved] = useState<WorkflowDefinition | null>(null);
  const [problems, setProblems] = useState<LocatedProblem[]>([]);
  const [general, setGeneral] = useState<string[]>([]);
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [loading, setLoading] = useState(!!id);
  const editor = useRef<CodeEditorHandle>(null);

  useEffect(() => {
    if (!id) return;
    setLoading(true);
    getWorkflow(id)
      .then((raw) => {
        const source = sourceOf(raw);
        setText(source.text);
        setFormat(source.format);
        setSaved(normaliseDefinition(raw));
      })
      .catch((e: Error) => setGeneral([e.message]))
      .finally(() => setLoading(false));
  }, [id]);

  const preview = useMemo(() => (format === 'json' ? tryParseJson(text) : null) ?? saved, [format, text, saved]);
  const problemIds = useMemo(() => new Set(problems.map((p) => p.activityId).filter((x): x is string => !!x)), [problems]);
  const marks = useMemo(() => problems.filter((p) => p.line).map((p) => ({ line: p.line!, from: p.from, to: p.to, message: p.message })), [problems]);
  const labelOf = (activityId: string) => {
    const a = (preview ?? saved)?.activities.find((x) => x.id === activityId);
    return a ? activityLabel(a, lang) : activityId;
  };

  function showProblem(p: LocatedProblem) {
    if (p.activityId) setHighlighted(p.activityId);
    if (p.from !== undefined) editor.current?.select(p.from, p.to ?? p.from);
  }

  function showActivity(activityId: string) {
    setHighlighted(activityId);
    const at = findActivityInText(text, activityId);
    if (at) editor.current?.select(at.start, at.end);
  }

  function report(list: WorkflowProblem[]) {
    setProblems(locateProblems(text, format, list));
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
        report(err.problems);
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
      if (err instanceof ApiError && err.problems.length) report(err.problems);
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
            </label>{' '}
            <span className="hint" id="wf-editor-hint">
              {t('wf.editorHint')}
            </span>
          </div>
          {loading ? (
            <p className="muted">{t('app.loading')}</p>
          ) : (
            <CodeEditor
              ref={editor}
              value={text}
              format={format}
              problems={marks}
              label={t('wf.editorText')}
              describedBy="wf-editor-hint wf-problems"
              testId="workflow-text"
              onChange={(next) => {
                setText(next);
                if (!next.trim()) return;
                const f = detectFormat(next);
                if (f !== format && (f === 'json' || format === 'json')) setFormat(f);
              }}
            />
          )}
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
                <li key={i} data-testid="workflow-problem" data-activity-id={p.activityId} data-line={p.line} data-path={p.path}>
                  {p.line ? (
                    <button
                      type="button"
                      className="link-button problem-line"
                      onClick={() => showProblem(p)}
                      aria-pressed={p.activityId ? highlighted === p.activityId : undefined}
                      title={t('wf.problemShow')}
                    >
                      {t('wf.problemLine', { line: p.line })}
                    </button>
                  ) : null}
                  {p.activityId ? <> · {t('wf.problemAt', { id: labelOf(p.activityId) })}</> : null}
                  {p.line || p.activityId ? ': ' : ''}
                  {p.message}
                  {p.path && p.path !== '$' ? (
                    <>
                      {' '}
                      <code className="muted">{p.path}</code>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
      <section className="panel">
        <h2>{t('wf.preview')}</h2>
        {preview && preview.activities.length > 0 ? (
          <WorkflowGraph definition={preview} highlight={{ problem: problemIds }} selected={highlighted} onSelect={showActivity} />
        ) : (
          <p className="muted">{t('wf.previewUnavailable')}</p>
        )}
      </section>
    </div>
  );
}
