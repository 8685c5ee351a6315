import type { I18n } from '../../i18n/i18n';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Timeline sentences for the lead, assignee and status update events (issue 10), without ids. */
export function peopleEventSummary(type: string, d: Record<string, unknown>, { t, tv, formatTime }: I18n): string | null {
  switch (type) {
    case 'incident.lead-changed':
      return t('timeline.leadChanged', { from: str(d.from), to: str(d.to) });
    case 'task.assigned':
      return t('timeline.taskAssigned', { assignee: str(d.assignee), task: str(d.label) || str(d.action) });
    case 'task.unassigned':
      return t('timeline.taskUnassigned', { assignee: str(d.assignee), task: str(d.label) || str(d.action) });
    case 'incident.status-update':
      return t('timeline.statusUpdate', { status: tv('updateStatus', str(d.status)), impact: str(d.impact) });
    case 'incident.status-update-overdue':
      return t('timeline.statusUpdateOverdue', { time: formatTime(str(d.dueAt)) });
    default:
      return null;
  }
}
