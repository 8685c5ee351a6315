import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../../src/api/types';
import { noticeFor } from '../../../src/features/people/LeadNotices';
import { peopleEn } from '../../../src/features/people/i18n/people.en';
import { peopleZhCN } from '../../../src/features/people/i18n/people.zh-CN';
import { peopleEventSummary } from '../../../src/features/people/timeline';
import { translate, translateValue, type I18n } from '../../../src/i18n/i18n';

const i18n = (lang: 'en' | 'zh-CN') =>
  ({ lang, t: (k, p) => translate(lang, k, p), tv: (prefix, v) => translateValue(lang, prefix, v), formatTime: (iso) => iso ?? '' }) as I18n;

const event = (type: string, data: Record<string, unknown>, actor = 'operator1') =>
  ({ seq: 1, incidentId: 'i1', incidentKey: 'INC-2026-000001', type, stage: 'discovery', severity: 'S1', actor, departments: [], occurredAt: '2026-12-03T10:00:00Z', data }) as unknown as LiveEvent;

describe('people and status updates (issue 10)', () => {
  it('tells the new lead, and only them, that they lead the incident', () => {
    expect(noticeFor(event('incident.lead-changed', { from: 'operator1', to: 'review1' }), { username: 'review1' })).toBe('lead');
    expect(noticeFor(event('incident.lead-changed', { from: 'operator1', to: 'review1' }), { username: 'guild1' })).toBeNull();
    expect(noticeFor(event('incident.lead-changed', { to: 'review1' }, 'review1'), { username: 'review1' })).toBeNull();
  });

  it('announces a status update posted by someone else', () => {
    expect(noticeFor(event('incident.status-update', { status: 'identified' }), { username: 'review1' })).toBe('update');
    expect(noticeFor(event('incident.status-update', { status: 'identified' }), { username: 'operator1' })).toBeNull();
  });

  it('tells the timeline story in the viewer\'s language without ids', () => {
    const assigned = { taskId: '0190c3a1-0000-7000-8000-000000000001', label: 'Confirm category and severity', assignee: 'operator1' };
    expect(peopleEventSummary('task.assigned', assigned, i18n('en'))).toBe('operator1 was assigned to “Confirm category and severity”.');
    expect(peopleEventSummary('task.assigned', assigned, i18n('en'))).not.toContain(assigned.taskId);
    expect(peopleEventSummary('incident.lead-changed', { from: 'operator1', to: 'review1' }, i18n('zh-CN'))).toBe('operator1 将负责人移交给 review1。');
    expect(peopleEventSummary('incident.status-update', { status: 'identified', impact: 'Cause found.' }, i18n('zh-CN'))).toBe('已定位：Cause found.');
  });

  it('has every people string in Chinese, not a copy of the English', () => {
    expect(Object.keys(peopleZhCN).sort()).toEqual(Object.keys(peopleEn).sort());
    for (const k of Object.keys(peopleEn) as (keyof typeof peopleEn)[]) expect(peopleZhCN[k], k).not.toBe(peopleEn[k]);
  });
});
