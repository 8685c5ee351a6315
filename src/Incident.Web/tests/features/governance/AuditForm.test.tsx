import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditForm } from '../../../src/features/governance/AuditForm';
import { jsonResponse, renderWithApp } from '../../render';
import { mockFetch, resetClient, signInAs } from './enforcementFixtures';

const audit = (over: Record<string, unknown> = {}) => ({
  id: 'a1', ruleId: 'r1', ruleVersion: 2, kind: 'precision', n: 4, violating: 3, value: 0.75, ci95: [0.301, 0.954], population: null,
  createdAt: '2026-11-21T10:00:00Z', createdBy: 'review1', ...over,
});

describe('AuditForm', () => {
  afterEach(resetClient);

  it('counts the pasted items, refuses bad lines and posts a precision audit', async () => {
    signInAs(['partner'], 'review-ops');
    const user = userEvent.setup();
    const calls = mockFetch((method, url) => {
      if (method === 'GET' && url === '/api/governance/audits?ruleId=r1') return jsonResponse(200, []);
      if (method === 'POST' && url === '/api/governance/audits') return jsonResponse(201, audit());
      return undefined;
    });
    renderWithApp(<AuditForm ruleId="r1" />);
    fireEvent.change(screen.getByTestId('audit-items'), { target: { value: 'ref,violating\nE-1,true\nE-2,maybe' } });
    expect(screen.getByTestId('audit-problems').textContent).toBe('Line 3: "violating" must be true or false, not "maybe".');
    await user.click(screen.getByTestId('audit-submit'));
    expect(screen.getByTestId('field-error-items').textContent).toBe('Fix the lines listed below first.');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(screen.getByTestId('audit-items'), { target: { value: 'E-1,true\nE-2,是\nE-3,否\nE-4,1' } });
    expect(screen.getByTestId('audit-preview').textContent).toBe('4 items: 3 violating, 1 not violating');
    await user.click(screen.getByTestId('audit-submit'));
    await waitFor(() =>
      expect(calls).toContainEqual({
        method: 'POST',
        url: '/api/governance/audits',
        body: { ruleId: 'r1', kind: 'precision', items: [{ ref: 'E-1', violating: true }, { ref: 'E-2', violating: true }, { ref: 'E-3', violating: false }, { ref: 'E-4', violating: true }] },
      }),
    );
    expect((await screen.findByTestId('audit-result')).textContent).toBe('Precision of version 2: 75% (95% CI 30.1% to 95.4%), from 4 records of which 3 were violations.');
  });

  it('sends the population size with a coverage audit', async () => {
    signInAs(['operator']);
    const user = userEvent.setup();
    const calls = mockFetch((method) =>
      method === 'POST' ? jsonResponse(201, audit({ kind: 'coverage', n: 2, violating: 1, value: 0.6, ci95: [0.4, 0.8], population: 1000 })) : jsonResponse(200, { items: [] }),
    );
    renderWithApp(<AuditForm ruleId="r1" />);
    await user.click(screen.getByTestId('audit-kind-coverage'));
    fireEvent.change(screen.getByTestId('audit-items'), { target: { value: 'U-1,0\nU-2,1' } });
    await user.type(screen.getByTestId('audit-population'), '1');
    await user.click(screen.getByTestId('audit-submit'));
    expect(screen.getByTestId('field-error-population').textContent).toBe('A whole number, at least the sample size (2).');
    await user.type(screen.getByTestId('audit-population'), '000');
    await user.click(screen.getByTestId('audit-submit'));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ ruleId: 'r1', kind: 'coverage', items: [{ ref: 'U-1', violating: false }, { ref: 'U-2', violating: true }], population: 1000 }));
    expect((await screen.findByTestId('audit-result')).textContent).toContain('Coverage audit of version 2: 1 of a sample of 2 unenforced items were violations the rule missed, a miss rate of 60% (95% CI 40% to 80%), in a population of 1,000.');
  });
});
