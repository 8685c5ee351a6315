import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../../src/api/types';
import { noticeFor } from '../../../src/features/people/LeadNotices';
import { peopleEn } from '../../../src/features/people/i18n/people.en';
import { peopleZhCN } from '../../../src/features/people/i18n/people.zh-CN';

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

  it('has every people string in Chinese, not a copy of the English', () => {
    expect(Object.keys(peopleZhCN).sort()).toEqual(Object.keys(peopleEn).sort());
    for (const k of Object.keys(peopleEn) as (keyof typeof peopleEn)[]) expect(peopleZhCN[k], k).not.toBe(peopleEn[k]);
  });
});
