import { EditorView } from '@codemirror/view';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import { session } from '../../../src/features/auth/session';
import { WorkflowEditorPage } from '../../../src/features/workflows/WorkflowEditorPage';
import { jsonResponse, renderWithApp } from '../../render';

const def = {
  id: 'emergency-response',
  version: 3,
  start: 'discovery',
  activities: [
    { id: 'discovery', type: 'SetStage', stage: 'discovery' },
    { id: 'triage', type: 'HumanTsk', label: 'Confirm category and severity' },
    { id: 'close', type: 'Finish' },
  ],
  connections: [
    { source: 'discovery', target: 'triage' },
    { source: 'triage', outcome: 'Confirmed', target: 'close' },
  ],
};

// What GET /api/workflows/{id} returns (WorkflowDefinitionView): the parsed shape plus the document as written.
const yamlDocument = `id: emergency-response
name: Emergency response
start: discovery
activities:
  - id: discovery
    type: SetStage
    stage: discovery
  - id: triage
    type: HumanTsk
    label: Confirm category and severity
  - id: close
    type: Finish
connections:
  - { source: discovery, target: triage }
  - { source: triage, outcome: Confirmed, target: close }
`;
const view = { ...def, definitionId: 'emergency-response', status: 'draft', format: 'yaml', document: yamlDocument, createdAt: '2026-12-01T00:00:00Z' };

const editorOf = (host: HTMLElement) => EditorView.findFromDOM(host.querySelector('.cm-editor') as HTMLElement)!;

describe('WorkflowEditorPage', () => {
  beforeEach(() => session.signIn({ accessToken: 't', expiresIn: 3600, user: { username: 'admin', displayName: 'Admin', roles: ['admin'], department: null } }));
  afterEach(() => {
    session.signOut();
    configureClient({ getToken: () => null, onUnauthorized: () => undefined });
  });

  it('opens a YAML definition as the YAML document it was written as, in a code editor with line numbers', async () => {
    const f = vi.fn(async () => jsonResponse(200, view));
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<WorkflowEditorPage id="emergency-response" />);

    const host = await screen.findByTestId('workflow-text');
    await waitFor(() => expect(editorOf(host).state.doc.toString()).toBe(yamlDocument));
    expect(host.getAttribute('data-format')).toBe('yaml');
    expect((screen.getByTestId('workflow-format') as HTMLSelectElement).value).toBe('yaml');
    expect(host.querySelector('.cm-lineNumbers')).not.toBeNull();
    expect(host.querySelector('.cm-content')!.getAttribute('aria-label')).toBe('Definition text');
    // Syntax highlighting: keys and values are styled tokens, not plain text.
    expect(host.querySelectorAll('.cm-line span').length).toBeGreaterThan(5);
    expect(editorOf(host).state.doc.toString()).not.toContain('createdAt');
  });

  it('marks the 422 problems on their lines from the paths the API gives, and selects one when chosen', async () => {
    const user = userEvent.setup();
    const sent: [string, string, string][] = [];
    const f = vi.fn(async (url: string, init: RequestInit) => {
      if (init.method === 'GET') return jsonResponse(200, view);
      sent.push([init.method!, url, (init.headers as Record<string, string>)['Content-Type']!]);
      return jsonResponse(422, {
        title: 'The workflow definition does not validate: 2 problem(s).',
        problems: [
          { activityId: 'triage', path: 'activities[1].type', message: 'unknown activity type HumanTsk' },
          { activityId: 'triage', path: 'connections[1].outcome', message: "activity 'triage' (HumanTsk) has no outcome 'Confirmed'" },
        ],
      });
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<WorkflowEditorPage id="emergency-response" />);
    const host = await screen.findByTestId('workflow-text');
    await waitFor(() => expect(editorOf(host).state.doc.toString()).toBe(yamlDocument));
    expect(screen.getAllByTestId('workflow-node')).toHaveLength(3);

    await user.click(screen.getByTestId('workflow-save'));
    await waitFor(() => expect(screen.getAllByTestId('workflow-problem')).toHaveLength(2));
    expect(sent).toEqual([['PUT', '/api/workflows/emergency-response', 'application/yaml']]);
    const [typeProblem, outcomeProblem] = screen.getAllByTestId('workflow-problem');
    expect(typeProblem!.getAttribute('data-line')).toBe('9'); // "    type: HumanTsk"
    expect(outcomeProblem!.getAttribute('data-line')).toBe('15'); // the second connection
    expect(typeProblem!.textContent).toContain('Line 9');
    expect(typeProblem!.textContent).toContain('Activity Confirm category and severity');
    expect(typeProblem!.textContent).toContain('unknown activity type HumanTsk');

    // In the editor: the lines are marked, the problem text underlined, the gutter flagged.
    await waitFor(() => expect([...host.querySelectorAll('.cm-problem-line')].map((l) => l.getAttribute('data-problem-line'))).toEqual(['9', '15']));
    expect(host.querySelector('[data-problem-line="9"]')!.textContent).toBe('    type: HumanTsk');
    expect(host.querySelector('.cm-lintRange-error')).not.toBeNull();
    const node = screen.getAllByTestId('workflow-node').find((n) => n.getAttribute('data-activity-id') === 'triage')!;
    expect(node.getAttribute('class')).toContain('wf-problem');

    await user.click(screen.getByRole('button', { name: 'Line 9' }));
    const ed = editorOf(host);
    const sel = ed.state.selection.main;
    expect(ed.state.doc.lineAt(sel.from).number).toBe(9);
    expect(ed.state.sliceDoc(sel.from, sel.to)).toBe('type: HumanTsk');
    expect(node.getAttribute('class')).toContain('wf-selected');
  });

  it('falls back to the line a syntax error names, and to the activity id when there is no path', async () => {
    const user = userEvent.setup();
    const json = JSON.stringify(def, null, 2);
    const f = vi.fn(async (_url: string, init: RequestInit) =>
      init.method === 'GET'
        ? jsonResponse(200, { ...def, format: 'json', document: json })
        : jsonResponse(422, {
            title: 'Invalid',
            problems: [
              { activityId: null, path: '$', message: "JSON syntax error: '}' is invalid. LineNumber: 3 | BytePositionInLine: 2." },
              { activityId: 'close', message: 'no path given' },
            ],
          }),
    );
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<WorkflowEditorPage id="emergency-response" />);
    const host = await screen.findByTestId('workflow-text');
    await waitFor(() => expect(host.getAttribute('data-format')).toBe('json'));
    await waitFor(() => expect(editorOf(host).state.doc.toString()).toBe(json));
    await user.click(screen.getByTestId('workflow-save'));
    await waitFor(() => expect(screen.getAllByTestId('workflow-problem')).toHaveLength(2));
    const lines = screen.getAllByTestId('workflow-problem').map((p) => p.getAttribute('data-line'));
    expect(lines).toEqual(['4', String(json.split('\n').findIndex((l) => l.includes('"id": "close"')) + 1)]);
  });

  it('sends YAML with the YAML content type', async () => {
    const user = userEvent.setup();
    const f = vi.fn(async () => jsonResponse(201, { ...def, id: 'my-workflow', version: 1 }));
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<WorkflowEditorPage />);
    expect((screen.getByTestId('workflow-format') as HTMLSelectElement).value).toBe('yaml');
    expect(screen.getByTestId('workflow-text').getAttribute('data-format')).toBe('yaml');
    await user.click(screen.getByTestId('workflow-save'));
    await waitFor(() => expect(f).toHaveBeenCalled());
    const [url, init] = f.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/workflows');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/yaml');
    expect(String(init.body)).toContain('id: my-workflow');
  });
});
