import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import type { Role, WorkflowInstanceView } from '../../../src/api/types';
import { session } from '../../../src/features/auth/session';
import { InstancePage } from '../../../src/features/workflows/InstancePage';
import { jsonResponse, renderWithApp } from '../../render';

const faulted: WorkflowInstanceView = {
  id: 'wi-1',
  definitionId: 'emergency-response',
  definitionVersion: 1,
  status: 'faulted',
  bookmarks: [],
  journal: [{ activityId: 'triage', type: 'UserAction', outcome: 'done' }],
  faults: [{ activityId: 'notify-partner', message: 'The partner webhook timed out.' }],
};

function signInAs(...roles: Role[]) {
  session.signIn({ accessToken: 't', expiresIn: 3600, user: { username: 'u', displayName: 'U', roles, department: 'risk-ops' } });
}

describe('InstancePage', () => {
  afterEach(() => {
    session.signOut();
    configureClient({ getToken: () => null, onUnauthorized: () => undefined });
  });

  it('lets an admin retry a faulted instance and shows the instance the API returns', async () => {
    signInAs('admin');
    const user = userEvent.setup();
    const calls: string[] = [];
    const f = vi.fn(async (url: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? 'GET'} ${url}`);
      if (url === '/api/workflow-instances/wi-1/retry') return jsonResponse(200, { ...faulted, status: 'running', faults: [] });
      if (url === '/api/workflow-instances/wi-1') return jsonResponse(200, faulted);
      return jsonResponse(404, { title: 'Not found' });
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<InstancePage instanceId="wi-1" />);

    expect((await screen.findByTestId('instance-faults')).textContent).toContain('The partner webhook timed out.');
    await user.click(screen.getByTestId('instance-retry'));
    await screen.findByText('Retried: the workflow runs again.');
    expect(calls).toContain('POST /api/workflow-instances/wi-1/retry');
    await waitFor(() => expect(screen.queryByTestId('instance-retry')).toBeNull());
    expect(screen.getByTestId('workflow-instance').textContent).toContain('Status: running');
  });

  it('offers no retry to a leader, who may look but not repair', async () => {
    signInAs('leader');
    const f = vi.fn(async (url: string) => (url === '/api/workflow-instances/wi-1' ? jsonResponse(200, faulted) : jsonResponse(404, {})));
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<InstancePage instanceId="wi-1" />);
    await screen.findByTestId('instance-faults');
    expect(screen.queryByTestId('instance-retry')).toBeNull();
  });

  it('links the instance to its incident and names activities by their labels', async () => {
    signInAs('operator');
    const running: WorkflowInstanceView = {
      id: 'wi-2',
      definitionId: 'emergency-response',
      definitionVersion: 1,
      incidentId: 'inc-7',
      status: 'suspended',
      currentActivities: ['triage'],
      bookmarks: [{ id: 'b1', name: 'triage', activityId: 'triage' }],
      journal: [{ activityId: 'discovery', type: 'SetStage', outcome: 'Done' }],
      faults: [],
    };
    const definition = {
      id: 'emergency-response',
      version: 1,
      start: 'discovery',
      activities: [
        { id: 'discovery', type: 'SetStage', stage: 'discovery' },
        { id: 'triage', type: 'HumanTask', label: 'Confirm category and severity' },
      ],
      connections: [{ source: 'discovery', target: 'triage' }],
    };
    const f = vi.fn(async (url: string) => {
      if (url === '/api/workflow-instances/wi-2') return jsonResponse(200, running);
      if (url === '/api/workflows/emergency-response/versions/1') return jsonResponse(200, definition);
      if (url === '/api/incidents/inc-7') return jsonResponse(200, { id: 'inc-7', key: 'INC-2026-000007', title: 'Scam ads on the live feed' });
      return jsonResponse(404, {});
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<InstancePage instanceId="wi-2" />);

    const link = await screen.findByTestId('instance-incident');
    expect(link.getAttribute('href')).toBe('#/incidents/inc-7');
    await waitFor(() => expect(link.textContent).toBe('INC-2026-000007 Scam ads on the live feed'));
    const current = await screen.findByTestId('instance-current');
    expect(current.textContent).toBe('Confirm category and severity');
    await waitFor(() => expect(screen.getAllByTestId('workflow-node')).toHaveLength(2));
    const triage = screen.getAllByTestId('workflow-node').find((n) => n.getAttribute('data-activity-id') === 'triage')!;
    expect(triage.getAttribute('data-state')).toBe('current');
    expect(screen.getByTestId('instance-journal').textContent).toContain('Stage: Discovery');
  });
});
