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
