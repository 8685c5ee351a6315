import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../../src/api/types';
import { Timeline } from '../../../src/features/incidents/Timeline';
import { renderWithApp } from '../../render';

const ev = (seq: number, type: string, data: Record<string, unknown>): LiveEvent => ({
  seq,
  incidentId: 'inc-1',
  incidentKey: 'INC-1',
  type,
  stage: 'assessment',
  severity: 'S2',
  actor: 'op',
  departments: [],
  occurredAt: '2026-11-21T10:00:00Z',
  data,
});

describe('Timeline summaries', () => {
  it('renders the new event types as readable lines with links, in both languages', () => {
    const events = [
      ev(1, 'samples.attached', { count: 120, total: 300 }),
      ev(2, 'clusters.computed', { runId: 'x', k: 4, sampleCount: 300, clusters: [] }),
      ev(3, 'assessment.recorded', { riskScore: 61.3, suggestedSeverity: 'S2', severity: 'S3' }),
      ev(4, 'incident.severity-overridden', { from: 'S3', to: 'S1', suggested: 'S2', reason: '<b>regulator</b>' }),
      ev(5, 'report.published', { reportId: 'r1', kind: 'flash', title: 'Flash', audience: ['legal', 'comms'] }),
      ev(6, 'anomaly.detected', { outcome: 'joined', series: { id: 's1', metric: 'reports_per_min' }, peakScore: 0.93, value: 42, baseline: 12.5 }),
    ];
    const { unmount } = renderWithApp(<Timeline events={events} />);
    const byType = (t: string) => screen.getAllByTestId('timeline-item').find((i) => i.getAttribute('data-type') === t)!;
    expect(byType('samples.attached').textContent).toContain('120 samples attached (300 in total)');
    expect(byType('clusters.computed').textContent).toContain('4 clusters from 300 samples');
    expect(byType('assessment.recorded').textContent).toContain('Risk score 61.3, suggested S2');
    expect(byType('incident.severity-overridden').textContent).toContain('Severity S3 → S1 (suggested S2): <b>regulator</b>');
    expect(byType('incident.severity-overridden').querySelector('b')).toBeNull();
    expect(byType('report.published').querySelector('a')!.getAttribute('href')).toBe('#/reports/r1');
    expect(byType('report.published').textContent).toContain('Flash report: Flash → Legal, Comms');
    expect(byType('anomaly.detected').textContent).toContain('reports_per_min reached 42 (baseline 12.5, score 0.93) · Joined');
    expect(byType('anomaly.detected').querySelector('a')!.getAttribute('href')).toBe('#/signals/s1');
    unmount();

    renderWithApp(<Timeline events={events} />, { lang: 'zh-CN' });
    expect(screen.getAllByTestId('timeline-item').find((i) => i.getAttribute('data-type') === 'anomaly.detected')!.textContent).toContain('发现异常');
  });
});

describe('Timeline governance summaries', () => {
  const ruleId = '01a23c42-ee2a-783b-a06c-6aebfca2c5ab';
  const rule = { ruleId, ruleKey: 'GOV-2026-000002', name: 'Guild fake traffic', version: 1 };
  const events = [
    ev(1, 'governance.rule-changed', { ...rule, from: null, to: 'draft', transition: 'draft', note: null }),
    ev(2, 'governance.rule-changed', { ...rule, from: 'in-review', to: 'draft', transition: 'reject', note: 'Targets too loose' }),
    ev(3, 'governance.rule-changed', { ...rule, from: 'approved', to: 'live', transition: 'launch', note: null }),
    ev(4, 'governance.launched', { ...rule, from: 'approved', to: 'live', transition: 'launch', note: null }),
    ev(5, 'governance.enforcement-imported', { ...rule, accepted: 30, shadow: 0, actions: { warning: 6, 'traffic-limit': 6, termination: 13, 'revenue-freeze': 5 } }),
    ev(6, 'governance.audit-recorded', { ...rule, auditId: 'a1', kind: 'precision', n: 30, violating: 29, value: 29 / 30, population: null }),
    ev(7, 'governance.audit-recorded', { ...rule, auditId: 'a2', kind: 'coverage', n: 300, violating: 3, value: 0.01, population: 1000 }),
    ev(8, 'governance.notices-sent', { ...rule, campaignId: 'c1', template: 'education', segment: 'rule-offenders', language: 'zh-CN', recipients: 6 }),
    ev(9, 'appeal.filed', { ...rule, appeals: 1, appealIds: ['p1'], status: 'pending', appealId: 'p1', subject: { type: 'guild', id: 'G-7' } }),
    ev(10, 'appeal.decided', { ...rule, appealId: 'p1', enforcementExternalId: 'G-7-r1', subject: { type: 'guild', id: 'G-7' }, outcome: 'overturned' }),
    ev(11, 'governance.effect-measured', {
      verdict: 'meets', previousVerdict: 'not-yet', gateOutcome: 'Effective',
      rules: [{ ruleId, ruleKey: 'GOV-2026-000002', name: 'Guild fake traffic', verdict: 'meets', violationRateChange: -0.32, precision: 0.9667, coverage: 0.7436 }],
    }),
    ev(12, 'governance.effect-measured', { verdict: 'meets', closing: true, rules: [] }),
    ev(13, 'appeal.filed', { ...rule, appeals: 4, appealIds: ['p2', 'p3', 'p4', 'p5'], status: 'pending' }),
  ];
  const byTypeSeq = (seq: number) => screen.getAllByTestId('timeline-item').find((i) => i.getAttribute('data-seq') === String(seq))!;

  it('says what happened to the rule in a sentence, links the rule and shows no ids, keys or JSON', () => {
    renderWithApp(<Timeline events={events} />);
    const text = (seq: number) => byTypeSeq(seq).querySelector('.timeline-summary')!.textContent;
    expect(byTypeSeq(1).querySelector('strong')!.textContent).toBe('Governance rule changed');
    expect(text(1)).toBe('GOV-2026-000002 Guild fake traffic (version 1): drafted.');
    expect(text(2)).toBe('GOV-2026-000002 Guild fake traffic (version 1): returned to draft. Note: Targets too loose');
    expect(text(3)).toBe('GOV-2026-000002 Guild fake traffic (version 1): live.');
    expect(text(4)).toBe('GOV-2026-000002 Guild fake traffic (version 1) now enforces; its effect is measured from this launch.');
    expect(text(5)).toBe('30 enforcement records under GOV-2026-000002 Guild fake traffic. Steps due: Termination 13 · Warning 6 · Traffic limit 6 · Revenue freeze 5.');
    expect(text(6)).toBe('Precision audit of GOV-2026-000002 Guild fake traffic (version 1): 29 of 30 penalties were right (96.7%).');
    expect(text(7)).toBe('Coverage audit of GOV-2026-000002 Guild fake traffic (version 1): 3 of 300 sampled unenforced items were missed violations (1%), population 1,000.');
    expect(text(8)).toBe('Education notice for GOV-2026-000002 Guild fake traffic (version 1) sent to 6 recipients (Subjects with strikes under this rule, in Chinese).');
    expect(text(9)).toBe('Appeal by Guild G-7 against a penalty under GOV-2026-000002 Guild fake traffic.');
    expect(text(10)).toBe('Appeal by Guild G-7 under GOV-2026-000002 Guild fake traffic overturned: record G-7-r1 is reversed and no longer counts as a strike.');
    expect(text(11)).toBe('Governance: Meets its targets. The workflow moves on to closure. GOV-2026-000002 Guild fake traffic: Meets its targets · violations −32% · precision 96.7% · coverage 74.4%.');
    expect(text(12)).toBe('Figures at closing: governance Meets its targets.');
    expect(text(13)).toBe('4 appeals against penalties under GOV-2026-000002 Guild fake traffic.');

    for (const seq of [1, 4, 5, 6, 8, 9, 10, 11, 13]) {
      expect(byTypeSeq(seq).querySelector(`a[href="#/governance/rules/${ruleId}"]`)!.textContent).toBe('GOV-2026-000002');
    }
    expect(byTypeSeq(10).querySelector('a[href="#/governance/subjects/guild/G-7"]')!.textContent).toBe('Guild G-7');
    for (const item of screen.getAllByTestId('timeline-item')) {
      expect(item.querySelector('dl')).toBeNull();
      expect(item.textContent).not.toMatch(/timeline\.gov|event\.|gov\.|[{}]|01a23c42|\u0000/);
    }
  });

  it('reads in Chinese', () => {
    renderWithApp(<Timeline events={events} />, { lang: 'zh-CN' });
    const text = (seq: number) => byTypeSeq(seq).querySelector('.timeline-summary')!.textContent;
    expect(byTypeSeq(3).querySelector('strong')!.textContent).toBe('治理规则变更');
    expect(text(3)).toBe('GOV-2026-000002 Guild fake traffic（第 1 版）：已上线。');
    expect(text(5)).toBe('GOV-2026-000002 Guild fake traffic 导入 30 条处罚记录。应执行：终止合作 13 · 警告 6 · 限流 6 · 冻结收益 5。');
    expect(text(10)).toBe('公会 G-7 对 GOV-2026-000002 Guild fake traffic 的申诉成立：记录 G-7-r1 已撤销，不再计入违规次数。');
    expect(text(11)).toContain('治理成效：已达标，流程进入收尾阶段。');
    expect(text(11)).toContain('违规率 −32% · 准确率 96.7% · 覆盖率 74.4%');
    for (const item of screen.getAllByTestId('timeline-item')) expect(item.textContent).not.toMatch(/timeline\.gov|gov\.|[{}]|01a23c42/);
  });
});
