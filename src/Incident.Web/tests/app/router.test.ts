import { describe, expect, it } from 'vitest';
import { allowed } from '../../src/app/App';
import { navFor } from '../../src/app/Header';
import { href, parseHash } from '../../src/app/router';
import type { User } from '../../src/api/types';

const user = (...roles: User['roles']): User => ({ username: 'u', displayName: 'U', roles, department: 'review-ops' });

describe('routes', () => {
  it('parses every hash route and round-trips the link builders', () => {
    expect(parseHash('')).toEqual({ name: 'home' });
    expect(parseHash(href.incidents())).toEqual({ name: 'incidents' });
    expect(parseHash(href.newIncident())).toEqual({ name: 'newIncident' });
    expect(parseHash(href.incident('a/b'))).toEqual({ name: 'incident', id: 'a/b' });
    expect(parseHash(href.inbox())).toEqual({ name: 'inbox' });
    expect(parseHash(href.board())).toEqual({ name: 'board' });
    expect(parseHash(href.workflows())).toEqual({ name: 'workflows' });
    expect(parseHash(href.workflow('emergency-response'))).toEqual({ name: 'workflow', id: 'emergency-response' });
    expect(parseHash(href.workflow('w', 3))).toEqual({ name: 'workflow', id: 'w', version: 3 });
    expect(parseHash(href.workflowEdit('w'))).toEqual({ name: 'workflowEdit', id: 'w' });
    expect(parseHash(href.workflowEdit())).toEqual({ name: 'workflowEdit' });
    expect(parseHash(href.instance('i-1', 'w', 2))).toEqual({ name: 'instance', instanceId: 'i-1', definitionId: 'w', version: 2 });
    expect(parseHash(href.signals())).toEqual({ name: 'signals' });
    expect(parseHash(href.series('s-1'))).toEqual({ name: 'series', id: 's-1' });
    expect(parseHash(href.reports())).toEqual({ name: 'reports' });
    expect(parseHash(href.reports('daily-digest'))).toEqual({ name: 'reports', kind: 'daily-digest' });
    expect(parseHash(href.report('r-1'))).toEqual({ name: 'report', id: 'r-1' });
    expect(parseHash(href.users())).toEqual({ name: 'users' });
    expect(parseHash('#/users/x')).toEqual({ name: 'notFound' });
    expect(parseHash(href.governance())).toEqual({ name: 'governance' });
    expect(parseHash('#/governance/rules')).toEqual({ name: 'governance' });
    expect(parseHash(href.ruleNew())).toEqual({ name: 'ruleNew' });
    expect(parseHash(href.ruleNew('inc-1'))).toEqual({ name: 'ruleNew', incidentId: 'inc-1' });
    expect(href.ruleNew('inc 1')).toBe('#/governance/rules/new?incident=inc%201');
    expect(parseHash(href.ruleNew('inc 1'))).toEqual({ name: 'ruleNew', incidentId: 'inc 1' });
    expect(parseHash(href.rule('GOV-2026-000001'))).toEqual({ name: 'rule', id: 'GOV-2026-000001' });
    expect(href.rule('r-1')).toBe('#/governance/rules/r-1');
    expect(parseHash(href.ruleEdit('r-1'))).toEqual({ name: 'ruleEdit', id: 'r-1' });
    expect(href.ruleEdit('r-1')).toBe('#/governance/rules/r-1/edit');
    expect(parseHash(href.governanceAppeals())).toEqual({ name: 'appeals' });
    expect(href.governanceAppeals()).toBe('#/governance/appeals');
    expect(parseHash(href.governanceSubjects())).toEqual({ name: 'subjects' });
    expect(parseHash(href.governanceSubjects('creator', 'c/42'))).toEqual({ name: 'subjects', type: 'creator', id: 'c/42' });
    expect(href.governanceSubjects('live-room', 'r1')).toBe('#/governance/subjects/live-room/r1');
    expect(parseHash('#/governance/rules/r-1/versions')).toEqual({ name: 'notFound' });
    expect(parseHash('#/governance/subjects/creator')).toEqual({ name: 'notFound' });
    expect(parseHash('#/governance/appeals/x')).toEqual({ name: 'notFound' });
    expect(parseHash('#/governance/nope')).toEqual({ name: 'notFound' });
    expect(parseHash('#/signals/a/b')).toEqual({ name: 'notFound' });
    expect(parseHash('#/nope')).toEqual({ name: 'notFound' });
    expect(parseHash('#/workflows/w/versions/abc')).toEqual({ name: 'notFound' });
  });

  it('shows partners only the inbox, their work, the status page and their incidents', () => {
    expect(navFor(user('partner')).map((n) => n.key)).toEqual(['nav.myIncidents', 'nav.myWork', 'nav.inbox', 'nav.status', 'nav.reports', 'gov.nav']);
    expect(navFor(user('operator')).map((n) => n.key)).toEqual([
      'nav.incidents', 'nav.myWork', 'nav.inbox', 'nav.board', 'nav.signals', 'nav.status', 'nav.reports', 'gov.nav', 'nav.workflows',
    ]);
    // Issue 10: the status page and "my work" are for everyone signed in.
    expect(parseHash('#/status')).toEqual({ name: 'status' });
    expect(parseHash('#/work')).toEqual({ name: 'work' });
    expect(allowed({ name: 'status' }, user('partner'))).toBe(true);
    expect(navFor(user('leader')).map((n) => n.key)).toContain('nav.board');
    expect(allowed({ name: 'board' }, user('partner'))).toBe(false);
    expect(allowed({ name: 'newIncident' }, user('partner'))).toBe(false);
    expect(allowed({ name: 'incident', id: '1' }, user('partner'))).toBe(true);
    expect(allowed({ name: 'workflowEdit', id: 'w' }, user('operator'))).toBe(false);
    expect(allowed({ name: 'workflowEdit', id: 'w' }, user('admin'))).toBe(true);
    expect(navFor(user('admin')).map((n) => n.key)).toContain('nav.users');
    expect(navFor(user('leader', 'operator')).map((n) => n.key)).not.toContain('nav.users');
    expect(allowed({ name: 'users' }, user('admin'))).toBe(true);
    expect(allowed({ name: 'users' }, user('leader', 'operator'))).toBe(false);
  });

  it('opens governance to every role, its drafting to operators, leaders and admins only', () => {
    for (const r of ['operator', 'leader', 'admin', 'partner'] as const) {
      const gov = navFor(user(r)).find((n) => n.key === 'gov.nav');
      expect(gov?.href, r).toBe('#/governance');
      expect(gov?.match, r).toEqual(expect.arrayContaining(['governance', 'rule', 'ruleNew', 'ruleEdit', 'appeals', 'subjects']));
      for (const name of ['governance', 'appeals', 'subjects'] as const) expect(allowed({ name }, user(r)), `${r} ${name}`).toBe(true);
      expect(allowed({ name: 'rule', id: 'r-1' }, user(r)), r).toBe(true);
    }
    expect(navFor(user()).some((n) => n.key === 'gov.nav')).toBe(false);
    for (const r of ['operator', 'leader', 'admin'] as const) {
      expect(allowed({ name: 'ruleNew', incidentId: 'inc-1' }, user(r)), r).toBe(true);
      expect(allowed({ name: 'ruleEdit', id: 'r-1' }, user(r)), r).toBe(true);
    }
    expect(allowed({ name: 'ruleNew' }, user('partner'))).toBe(false);
    expect(allowed({ name: 'ruleEdit', id: 'r-1' }, user('partner'))).toBe(false);
  });
});
