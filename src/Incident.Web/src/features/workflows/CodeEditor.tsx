import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, foldGutter, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorSelection, EditorState, RangeSetBuilder, StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, GutterMarker, drawSelection, gutterLineClass, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, type DecorationSet } from '@codemirror/view';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

/** A problem of the last save, on a 1-based line (`from`/`to` narrow it when the locator found the exact part). */
export interface EditorProblem {
  line: number;
  from?: number;
  to?: number;
  message: string;
}

export interface CodeEditorHandle {
  /** Select a range, scroll it into view and focus the editor. */
  select(from: number, to: number): void;
  view(): EditorView | null;
}

const setProblems = StateEffect.define<EditorProblem[]>();

const problemLineClass = new (class extends GutterMarker {
  override elementClass = 'cm-problem-gutter';
})();

// Whole-line marks (and a gutter class) for the lines with problems; @codemirror/lint adds the underline and tooltip.
const problemLines = StateField.define<{ lines: number[]; deco: DecorationSet }>({
  create: () => ({ lines: [], deco: Decoration.none }),
  update(value, tr) {
    for (const e of tr.effects)
      if (e.is(setProblems)) {
        const lines = [...new Set(e.value.map((p) => p.line))].filter((l) => l >= 1 && l <= tr.state.doc.lines).sort((a, b) => a - b);
        const b = new RangeSetBuilder<Decoration>();
        for (const l of lines) {
          const messages = e.value.filter((p) => p.line === l).map((p) => p.message);
          b.add(tr.state.doc.line(l).from, tr.state.doc.line(l).from, Decoration.line({ class: 'cm-problem-line', attributes: { 'data-problem-line': String(l), title: messages.join('\n') } }));
        }
        return { lines, deco: b.finish() };
      }
    return tr.docChanged ? { lines: value.lines, deco: value.deco.map(tr.changes) } : value;
  },
  provide: (f) => [
    EditorView.decorations.from(f, (v) => v.deco),
    gutterLineClass.compute([f], (state) => {
      const b = new RangeSetBuilder<GutterMarker>();
      for (const r = state.field(f).deco.iter(); r.value; r.next()) b.add(r.from, r.from, problemLineClass);
      return b.finish();
    }),
  ],
});

function diagnostics(state: EditorState, problems: EditorProblem[]): Diagnostic[] {
  const doc = state.doc;
  return problems
    .filter((p) => p.line >= 1 && p.line <= doc.lines)
    .map((p) => {
      const line = doc.line(p.line);
      const from = p.from !== undefined && p.from >= line.from && p.from <= line.to ? p.from : line.from;
      const to = p.to !== undefined && p.to > from && p.to <= line.to ? p.to : Math.max(from, line.to);
      return { from, to, severity: 'error', message: p.message };
    });
}

const languageOf = (format: 'json' | 'yaml') => (format === 'yaml' ? yaml() : json());

export const CodeEditor = forwardRef<
  CodeEditorHandle,
  {
    value: string;
    format: 'json' | 'yaml';
    onChange: (text: string) => void;
    problems: EditorProblem[];
    label: string;
    describedBy?: string;
    readOnly?: boolean;
    testId?: string;
  }
>(function CodeEditor({ value, format, onChange, problems, label, describedBy, readOnly = false, testId }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const editable = useRef(new Compartment());
  const aria = useRef(new Compartment());
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          foldGutter(),
          lintGutter(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          // No Tab binding: Tab keeps moving the focus (keyboard users can leave the editor).
          keymap.of([...defaultKeymap, ...historyKeymap]),
          language.current.of(languageOf(format)),
          editable.current.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
          aria.current.of(EditorView.contentAttributes.of({ 'aria-label': label, ...(describedBy ? { 'aria-describedby': describedBy } : {}) })),
          problemLines,
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    // axe scrollable-region-focusable: the scroller counts as keyboard-reachable through a content with a tab index.
    v.contentDOM.tabIndex = 0;
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // Created once; the effects below push later props into it.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: language.current.reconfigure(languageOf(format)) });
  }, [format]);

  useEffect(() => {
    view.current?.dispatch({ effects: editable.current.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]) });
  }, [readOnly]);

  useEffect(() => {
    view.current?.dispatch({
      effects: aria.current.reconfigure(EditorView.contentAttributes.of({ 'aria-label': label, ...(describedBy ? { 'aria-describedby': describedBy } : {}) })),
    });
  }, [label, describedBy]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    v.dispatch(setDiagnostics(v.state, diagnostics(v.state, problems)));
    v.dispatch({ effects: setProblems.of(problems) });
  }, [problems]);

  useImperativeHandle(ref, () => ({
    select(from: number, to: number) {
      const v = view.current;
      if (!v) return;
      const len = v.state.doc.length;
      const sel = EditorSelection.single(Math.min(from, len), Math.min(to, len));
      v.dispatch({ selection: sel, effects: EditorView.scrollIntoView(sel.main, { y: 'center' }) });
      v.focus();
    },
    view: () => view.current,
  }));

  return <div ref={host} className="code-editor" data-testid={testId} data-format={format} />;
});
