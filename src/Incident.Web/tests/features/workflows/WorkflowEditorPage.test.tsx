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
    { id: 'triage', type: 'HumanTsk' },
    { id: 'close', type: 'Finish' },
  ],
  connections: [
    { source: 'discovery', target: 'triage' },
    { source: 'triage', outcome: 'Confirmed', target: 'close' },
  ],
};

describe('WorkflowEditorPage', () => {
  beforeEach(() => session.signIn({ accessToken: 't', expiresIn: 3600, user: { username: 'admin', displayName: 'Admin', roles: ['admin'], department: null } }));
  afterEach(() => {
    session.signOut();
    configureClient({ getToken: () => null, onUnauthorized: () => undefined });
  });

  it('PUTs the text, lists 422 problems by activity and highlights the activity when one is chosen', async () => {
    const user = userEvent.setup();
    const sent: [string, string, string][] = [];
    const f = vi.fn(async (url: string, init: RequestInit) => {
      if (init.method === 'GET') return jsonResponse(200, def);
      sent.push([init.method!, url, (init.headers as Record<string, string>)['Content-Type']!]);
      return jsonResponse(422, { title: 'The definition does not validate', problems: [{ activityId: 'triage', message: 'unknown activity type HumanTsk' }] });
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<WorkflowEditorPage id="emergency-response" />);

    const area = (await screen.findByTestId('workflow-text')) as HTMLTextAreaElement;
    await waitFor(() => expect(area.value).toContain('"HumanTsk"'));
    expect(screen.getAllByTestId('workflow-node')).toHaveLength(3);
    expect(screen.getAllByTestId('workflow-edge')).toHaveLength(2);

    await user.click(screen.getByTestId('workflow-save'));
    const problem = await screen.findByTestId('workflow-problem');
    expect(sent).toEqual([['PUT', '/api/workflows/emergency-response', 'application/json']]);
    expect(problem.textContent).toContain('unknown activity type HumanTsk');
    expect(problem.getAttribute('data-activity-id')).toBe('triage');
    const node = screen.getAllByTestId('workflow-node').find((n) => n.getAttribute('data-activity-id') === 'triage')!;
    expect(node.getAttribute('class')).toContain('wf-problem');

    await user.click(screen.getByRole('button', { name: 'Activity triage' }));
    expect(area.value.slice(area.selectionStart, area.selectionEnd)).toBe('triage');
    expect(area.value.slice(0, area.selectionStart)).toMatch(/"id": "$/);
    expect(node.getAttribute('class')).toContain('wf-selected');
  });

  it('sends YAML with the YAML content type', async () => {
    const user = userEvent.setup();
    const f = vi.fn(async () => jsonResponse(201, { ...def, id: 'my-workflow', version: 1 }));
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<WorkflowEditorPage />);
    expect((screen.getByTestId('workflow-format') as HTMLSelectElement).value).toBe('yaml');
    await user.click(screen.getByTestId('workflow-save'));
    await waitFor(() => expect(f).toHaveBeenCalled());
    const [url, init] = f.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/workflows');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/yaml');
    expect(String(init.body)).toContain('id: my-workflow');
  });
});
