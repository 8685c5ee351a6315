import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { EnforcementUpload } from '../../../src/features/governance/EnforcementUpload';
import type { EnforcementInput } from '../../../src/features/governance/enforcementTypes';
import { jsonResponse, renderWithApp } from '../../render';
import { mockFetch, problem, resetClient, signInAs } from './enforcementFixtures';

const csv = (n: number, withRule = true) =>
  [
    `externalId,${withRule ? 'ruleId,' : ''}subjectType,subjectId,occurredAt,automatedDetection,automatedDecision`,
    ...Array.from({ length: n }, (_, i) => `E-${i + 1},${withRule ? 'GOV-2026-000001,' : ''}creator,C${i % 50},2026-11-21T10:00:00Z,true,fully`),
  ].join('\n');

/** The server's answer to one chunk: strike 1 → warning, strike 2 → traffic limit (every 10th record). */
const accepted = (records: EnforcementInput[]) =>
  jsonResponse(201, {
    accepted: records.length - 1,
    duplicates: 1,
    records: records.map((r, i) => ({
      externalId: r.externalId, id: `id-${r.externalId}`, ruleId: 'r1', ruleKey: 'GOV-2026-000001', ruleVersion: 2,
      strike: i % 10 === 0 ? 2 : 1, action: i % 10 === 0 ? 'traffic-limit' : 'warning', durationDays: i % 10 === 0 ? 7 : null, shadow: false, grave: false,
      strikeSubject: r.subject,
    })),
  });

const paste = (text: string) => fireEvent.change(screen.getByTestId('enforcement-paste'), { target: { value: text } });

describe('EnforcementUpload', () => {
  afterEach(resetClient);

  it('previews the first rows and lists per-line errors before anything is sent', async () => {
    signInAs(['operator']);
    const calls = mockFetch(() => undefined);
    renderWithApp(<EnforcementUpload />);
    paste('externalId,ruleId,subjectType,subjectId,occurredAt,automatedDetection,automatedDecision\nE-1,r1,creator,C1,2026-11-21T10:00:00Z,true,fully\nE-2,r1,creator,C2,not a date,true,fully');
    const preview = screen.getByTestId('enforcement-preview');
    expect(preview.getAttribute('data-count')).toBe('1');
    expect(within(preview).getByTestId('enforcement-problems').textContent).toBe('Line 3: "not a date" is not a date and time (such as 2026-11-21T10:00:00Z).');
    expect(within(preview).getAllByRole('row')[1]!.textContent).toContain('Creator C1');
    expect((screen.getByTestId('enforcement-submit') as HTMLButtonElement).disabled).toBe(true);

    paste('externalId,subjectId\nE-1,C1');
    expect(screen.getByTestId('enforcement-problems').textContent).toBe(
      'The header must name the columns ruleId, subjectType, occurredAt, automatedDetection, automatedDecision.',
    );
    expect(calls).toHaveLength(0);
  });

  it('sends 2,500 records in three chunks with a progress bar reaching 100 % and sums the ladder steps due', async () => {
    signInAs(['operator']);
    const user = userEvent.setup();
    const calls = mockFetch((method, url, body) => (method === 'POST' && url === '/api/governance/enforcements' ? accepted((body as { records: EnforcementInput[] }).records) : undefined));
    renderWithApp(<EnforcementUpload ruleId="r1" />);
    paste(csv(2500, false));
    expect(screen.getByTestId('enforcement-preview').textContent).toContain('2,500 records ready of 2,500 rows');
    await user.click(screen.getByTestId('enforcement-submit'));

    await waitFor(() => expect(screen.getByTestId('enforcement-progress').getAttribute('data-sent')).toBe('2500'));
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => (c.body as { records: unknown[] }).records.length)).toEqual([1000, 1000, 500]);
    const first = (posts[0]!.body as { records: EnforcementInput[] }).records[0]!;
    expect(first).toEqual({ externalId: 'E-1', ruleId: 'r1', subject: { type: 'creator', id: 'C0' }, occurredAt: '2026-11-21T10:00:00.000Z', grave: false, automatedDetection: true, automatedDecision: 'fully' });
    expect((posts[2]!.body as { records: EnforcementInput[] }).records[0]!.externalId).toBe('E-2001');

    const bar = screen.getByRole('progressbar', { name: 'Upload progress' }) as HTMLProgressElement;
    expect(bar.value).toBe(2500);
    expect(bar.max).toBe(2500);
    expect(screen.getByTestId('enforcement-progress').textContent).toBe('2,500 of 2,500 records');
    const summary = screen.getByTestId('enforcement-summary');
    expect(summary.textContent).toContain('2,497 accepted · 3 already recorded (unchanged)');
    expect(within(summary).getByTestId('enforcement-steps').textContent).toBe('Ladder steps due: Warning 2,250 · Traffic limit 250');

    // Each record's step, for the first 200 records (the counts above cover them all).
    const list = screen.getByTestId('enforcement-records-list');
    expect(summary.contains(list)).toBe(false);
    expect(within(list).getByText("Each record's ladder step (200 records)").tagName).toBe('SUMMARY');
    const rows = within(list).getAllByTestId('enforcement-record');
    expect(rows).toHaveLength(200);
    expect(rows[0]!.getAttribute('data-strike')).toBe('2');
    expect([...rows[0]!.querySelectorAll('th, td')].map((c) => c.textContent)).toEqual(['E-1', 'Creator C0', '2', 'Traffic limit for 7 days']);
    expect([...rows[1]!.querySelectorAll('th, td')].map((c) => c.textContent)).toEqual(['E-2', 'Creator C1', '1', 'Warning']);
  });

  it('stops at a refused chunk, names its records by line and keeps the chunks before it', async () => {
    signInAs(['leader'], null);
    const user = userEvent.setup();
    let n = 0;
    const calls = mockFetch((method, _url, body) => {
      if (method !== 'POST') return undefined;
      n++;
      if (n === 2)
        return problem(409, 'duplicate-external-id', {
          errors: { 'records[12].externalId': ['Already recorded with another body.'] },
          externalIds: ['E-1013', 'E-1500'],
        });
      return accepted((body as { records: EnforcementInput[] }).records);
    });
    renderWithApp(<EnforcementUpload />);
    paste(csv(2500));
    await user.click(screen.getByTestId('enforcement-submit'));

    const stopped = await screen.findByTestId('enforcement-stopped');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2);
    expect(stopped.getAttribute('data-kept')).toBe('1000');
    expect(stopped.textContent).toContain('The upload stopped: some external ids were already recorded with different content.');
    expect(stopped.textContent).toContain('Records 1,001 to 2,000 were not stored. The 1,000 records sent before them are kept.');
    expect(within(stopped).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Line 1,014: E-1013 · externalId: Already recorded with another body.',
      'Line 1,501: E-1500',
    ]);
    expect(screen.getByTestId('enforcement-progress').getAttribute('data-sent')).toBe('1000');
    expect(screen.getByTestId('enforcement-summary').getAttribute('data-accepted')).toBe('999');
  });

  it('is not offered to partners', () => {
    signInAs(['partner'], 'review-ops');
    mockFetch(() => undefined);
    renderWithApp(<EnforcementUpload />);
    expect(screen.queryByTestId('enforcement-upload')).toBeNull();
  });
});
