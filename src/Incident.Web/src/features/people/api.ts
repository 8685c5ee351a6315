import { request } from '../../api/client';
import type { Handoff, IncidentDoc, Paged, Severity, Stage } from '../../api/types';

// Issue 10 items 1 and 3 (API.md "People, status updates, readable timeline").
export const UPDATE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

export interface StatusUpdate {
  id: string;
  incidentId: string;
  status: UpdateStatus;
  impact: string;
  postedBy: string;
  postedAt: string;
  nextUpdateDueAt: string | null;
  remindedAt: string | null;
}

export interface IncidentTask {
  taskId: string;
  action: string;
  label: string;
  allowedRoles: string[];
  allowedDepartments: string[];
  dueAt: string | null;
  openedAt: string;
  assignees: string[];
}

export interface AssignedTask {
  incidentId: string;
  incidentKey: string;
  incidentTitle: string;
  severity: Severity;
  stage: Stage;
  lead: string;
  taskId: string;
  action: string;
  label: string;
  dueAt: string | null;
  assignee: string;
  assignedBy: string;
  assignedAt: string;
}

export interface StatusViewItem {
  id: string;
  key: string;
  title: string;
  severity: Severity;
  stage: Stage;
  lead: string;
  openedAt: string;
  updateOverdue: boolean;
  latestUpdate: StatusUpdate | null;
}

const enc = encodeURIComponent;

export const handOverLead = (id: string, username: string, expectedVersion?: number) =>
  request<IncidentDoc>('PUT', `/api/incidents/${enc(id)}/lead`, { body: { username, expectedVersion } });

export const listTasks = (id: string) => request<{ items: IncidentTask[] }>('GET', `/api/incidents/${enc(id)}/tasks`);

export const assignTask = (id: string, taskId: string, username: string) =>
  request<IncidentTask>('POST', `/api/incidents/${enc(id)}/tasks/${enc(taskId)}/assignees`, { body: { username } });

export const unassignTask = (id: string, taskId: string, username: string) =>
  request<IncidentTask>('DELETE', `/api/incidents/${enc(id)}/tasks/${enc(taskId)}/assignees/${enc(username)}`);

export const listUpdates = (id: string) => request<{ items: StatusUpdate[] }>('GET', `/api/incidents/${enc(id)}/updates`);

export const postUpdate = (id: string, body: { status: UpdateStatus; impact: string; nextUpdateInMinutes?: number }) =>
  request<StatusUpdate>('POST', `/api/incidents/${enc(id)}/updates`, { body });

export const getStatusView = () => request<{ generatedAt: string; items: StatusViewItem[] }>('GET', '/api/status');

export const assignedToMe = () => request<{ items: AssignedTask[] }>('GET', '/api/tasks', { query: { assignee: 'me' } });

export const acceptedByMyDepartment = () =>
  request<Paged<Handoff>>('GET', '/api/handoffs', {
    query: { direction: 'incoming', status: 'accepted', incidentStatus: 'open', pageSize: 200 },
  });
