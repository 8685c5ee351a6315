import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import type { AssessmentView } from '../../../src/api/types';
import { bandOf, EMPTY_FORM, mapAssessmentErrors, validateAssessment } from '../../../src/features/assessment/assessment';
import { AssessmentSection } from '../../../src/features/assessment/AssessmentSection';
import { jsonResponse, renderWithApp } from '../../render';

const view = (over: Partial<AssessmentView> = {}): AssessmentView => ({
  id: 'a1',
  incidentId: 'inc-1',
  riskScore: 61.3,
  suggestedSeverity: 'S2',
  severity: 'S3',
  explanation: [
    { factor: 'impact', value: 101000, weight: 0.35, score: 0.583, contribution: 20.4, explanation: '1,000 affected items and 100,000 exposures' },
    { factor: 'spread', value: 50, weight: 0.25, score: 0.342, contribution: 8.5, explanation: '50.0 new items per hour' },
    { factor: 'sensitivity', value: 0.9, weight: 0.25, score: 0.9, contribution: 22.5, explanation: "Category 'Fraud' weight 0.90." },
    { factor: 'audience', value: 0, weight: 0.15, score: 0, contribution: 0, explanation: 'No minors reported. <script>x</script>' },
  ],
  input: { affectedContent: 1000, exposure: 100000, spreadPerHour: 50, sensitivity: null, minorsInvolved: false },
  createdBy: 'op',
  createdAt: '2026-11-21T10:00:00Z',
  ...over,
});

describe('assessment form validation', () => {
  it('requires the three counts, non-negative, and builds the body', () => {
    const r = validateAssessment(EMPTY_FORM);
    expect(r.body).toBeUndefined();
    expect(Object.keys(r.errors).sort()).toEqual(['affectedContent', 'exposure', 'spreadPerHour']);
    expect(r.errors.affectedContent![0]!.key).toBe('validation.required');

    const bad = validateAssessment({ ...EMPTY_FORM, affectedContent: '-1', exposure: '1.5', spreadPerHour: 'x', sensitivity: '2' });
    expect(bad.errors.affectedContent![0]).toEqual({ key: 'validation.min', params: { min: 0 } });
    expect(bad.errors.exposure![0]!.key).toBe('validation.integer');
    expect(bad.errors.spreadPerHour![0]!.key).toBe('validation.number');
    expect(bad.errors.sensitivity![0]!.key).toBe('assessment.sensitivityRange');

    const ok = validateAssessment({ ...EMPTY_FORM, affectedContent: '10', exposure: '0', spreadPerHour: '2.5', minorsInvolved: true });
    expect(ok.body).toEqual({ affectedContent: 10, exposure: 0, spreadPerHour: 2.5, minorsInvolved: true });
  });

  it('requires a reason with an override and sends both', () => {
    const base = { ...EMPTY_FORM, affectedContent: '1', exposure: '1', spreadPerHour: '1', sensitivity: '0.5' };
    expect(validateAssessment({ ...base, overrideSeverity: 'S1' }).errors.overrideReason![0]!.key).toBe('assessment.reasonRequired');
    expect(validateAssessment({ ...base, overrideSeverity: 'S1', overrideReason: ' regulator call ' }).body).toEqual({
      affectedContent: 1,
      exposure: 1,
      spreadPerHour: 1,
      sensitivity: 0.5,
      minorsInvolved: false,
      overrideSeverity: 'S1',
      overrideReason: 'regulator call',
    });
  });

  it('maps problem-details keys to the form fields, the rest apart', () => {
    const { byField, other } = mapAssessmentErrors({
      AffectedContent: ['required'],
      '$.overrideReason': ['needs a reason'],
      'input.sensitivity': ['0..1'],
      '': ['body unreadable'],
    });
    expect(byField).toEqual({ affectedContent: ['required'], overrideReason: ['needs a reason'], sensitivity: ['0..1'] });
    expect(other).toEqual(['body unreadable']);
  });

  it('bands scores like the risk model', () => {
    expect([80, 75, 74.9, 55, 35, 34.9, 0].map(bandOf)).toEqual(['S1', 'S1', 'S2', 'S2', 'S3', 'S4', 'S4']);
  });
});

describe('AssessmentSection', () => {
  afterEach(() => configureClient({ getToken: () => null, onUnauthorized: () => undefined }));

  it('shows the latest assessment on load with the per-factor explanation, prefilled form, and server errors next to fields', async () => {
    const user = userEvent.setup();
    const posts: unknown[] = [];
    const f = vi.fn(async (url: string, init: RequestInit) => {
      if (url === '/api/incidents/inc-1/assessment' && init.method === 'GET') return jsonResponse(200, view());
      if (url === '/api/incidents/inc-1/assessment' && init.method === 'POST') {
        posts.push(JSON.parse(String(init.body)));
        if (posts.length === 1) return jsonResponse(400, { status: 400, title: 'Validation failed', errors: { overrideSeverity: ["'overrideSeverity' must be one of S1, S2, S3, S4."] } });
        return jsonResponse(200, view({ id: 'a2', riskScore: 80.1, suggestedSeverity: 'S1', severity: 'S1' }));
      }
      return jsonResponse(404, {});
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    const onAssessed = vi.fn();
    renderWithApp(<AssessmentSection incidentId="inc-1" canAssess tick={0} onAssessed={onAssessed} />);

    const score = await screen.findByTestId('assessment-score');
    expect(score.getAttribute('data-score')).toBe('61.3');
    expect(score.getAttribute('data-suggested')).toBe('S2');
    const rows = within(screen.getByTestId('assessment-explanation')).getAllByTestId('assessment-factor');
    expect(rows.map((r) => r.getAttribute('data-factor'))).toEqual(['impact', 'spread', 'sensitivity', 'audience']);
    expect(rows[0]!.textContent).toContain('Impact');
    expect(rows[0]!.textContent).toContain('20.4');
    expect(rows[3]!.textContent).toContain('<script>x</script>');
    expect(screen.getByTestId('assessment-explanation').querySelector('script')).toBeNull();
    expect((screen.getByTestId('assessment-affectedContent') as HTMLInputElement).value).toBe('1000');

    // client-side: override without a reason
    await user.selectOptions(screen.getByTestId('assessment-overrideSeverity'), 'S1');
    await user.click(screen.getByTestId('assessment-submit'));
    expect(screen.getByTestId('field-error-overrideReason').textContent).toBe('Overriding the severity needs a reason.');
    expect(posts).toHaveLength(0);

    // server-side: 400 mapped to the field
    await user.type(screen.getByTestId('assessment-overrideReason'), 'regulator asked');
    await user.click(screen.getByTestId('assessment-submit'));
    await waitFor(() => expect(screen.getByTestId('field-error-overrideSeverity').textContent).toContain('must be one of'));
    expect(posts[0]).toEqual({
      affectedContent: 1000,
      exposure: 100000,
      spreadPerHour: 50,
      minorsInvolved: false,
      overrideSeverity: 'S1',
      overrideReason: 'regulator asked',
    });

    await user.click(screen.getByTestId('assessment-submit'));
    await waitFor(() => expect(screen.getByTestId('assessment-score').getAttribute('data-score')).toBe('80.1'));
    expect(onAssessed).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('field-error-overrideSeverity')).toBeNull();
  });

  it('says so when there is no assessment yet and hides the form from partners', async () => {
    const f = vi.fn(async () => jsonResponse(404, { status: 404, title: 'Not Found' }));
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<AssessmentSection incidentId="inc-1" canAssess={false} tick={0} />);
    await screen.findByText('Not assessed yet.');
    expect(screen.queryByTestId('assessment-form')).toBeNull();
  });
});
