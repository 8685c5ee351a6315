import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { AppealsPage, sortAppealsByDue } from '../../../src/features/governance/AppealsPage';
import { jsonResponse, renderWithApp } from '../../render';
import { appeal, mockFetch, problem, resetClient, signInAs } from './enforcementFixtures';

const page = (items: unknown[]) => jsonResponse(200, { items, total: items.length, page: 1, pageSize: 50 });

describe('AppealsPage', () => {
  afterEach(resetClient);

  it('orders appeals earliest due first', () => {
    expect(sortAppealsByDue([appeal('1', 60_000), appeal('2', -60_000), appeal('3', 5_000), { ...appeal('4', 0), dueAt: null }]).map((a) => a.id)).toEqual(['2', '3', '1', '4']);
  });

  it('lists pending appeals due first with countdowns, overdue in red with text, subjects and statements as text', async () => {
    signInAs(['leader'], null);
    const calls = mockFetch((_m, url) => (url.startsWith('/api/governance/appeals?') ? page([appeal('1', 2 * 3600_000), appeal('2', -90_000)]) : undefined));
    renderWithApp(<AppealsPage />);
    const items = await screen.findAllByTestId('appeal-item');
    expect(calls[0]!.url).toBe('/api/governance/appeals?status=pending&page=1&pageSize=50');
    expect(items.map((i) => i.getAttribute('data-appeal-id'))).toEqual(['2', '1']);
    const late = within(items[0]!).getByTestId('sla-countdown');
    expect(late.getAttribute('data-breached')).toBe('true');
    expect(late.className).toContain('sla-breached');
    expect(late.textContent).toMatch(/^overdue by 01:[23]\d$/);
    expect(within(items[0]!).getByText('Overdue')).toBeTruthy();
    expect(within(items[1]!).getByTestId('sla-countdown').textContent).toMatch(/^(2h 00m|1h 59m) left$/);
    expect(items[1]!.textContent).toContain('GOV-2026-000001 Gift fraud in live rooms');
    const subject = within(items[1]!).getByRole('link', { name: 'Creator C1' });
    expect(subject.getAttribute('href')).toBe('#/governance/subjects/creator/C1');
    expect(items[1]!.textContent).toContain('Reviewed by: Review ops');
    expect(within(items[0]!).getByTestId('appeal-statement').textContent).toBe('I did nothing <b>wrong</b> (2)');
    expect(items[0]!.querySelector('b')).toBeNull();
  });

  it('requires an outcome and a reason, then posts the decision and shows the reversal and the notice', async () => {
    signInAs(['partner'], 'review-ops');
    const user = userEvent.setup();
    let decided = false;
    const calls = mockFetch((method, url) => {
      if (url.startsWith('/api/governance/appeals?')) return page(decided ? [] : [appeal('1', 3600_000)]);
      if (method === 'POST' && url === '/api/governance/appeals/1/decide') {
        decided = true;
        return jsonResponse(200, {
          ...appeal('1', 3600_000),
          status: 'overturned',
          decidedAt: new Date().toISOString(),
          decidedBy: 'review1',
          reason: 'Misjudged',
          notice: { id: 'n1', recipient: { type: 'creator', id: 'C1' }, kind: 'appeal-decision', language: 'en', title: 'Your appeal', body: '…', deliveryStatus: 'not-sent' },
        });
      }
      return undefined;
    });
    renderWithApp(<AppealsPage />);
    await user.click(await screen.findByTestId('appeal-decide'));
    const dialog = screen.getByRole('dialog', { name: /Decide the appeal of Creator C1/ });
    await user.click(within(dialog).getByTestId('decide-submit'));
    expect(within(dialog).getByRole('alert').textContent).toBe('Choose an outcome.');
    expect(within(dialog).getByTestId('field-error-reason').textContent).toBe('Required.');
    expect(calls.some((c) => c.url.endsWith('/decide'))).toBe(false);

    await user.click(within(dialog).getByLabelText('Overturn the penalty'));
    await user.type(within(dialog).getByLabelText(/^Reason/), '  Misjudged  ');
    await user.selectOptions(within(dialog).getByLabelText('Notice language'), 'en');
    await user.click(within(dialog).getByTestId('decide-submit'));
    await waitFor(() => expect(calls).toContainEqual({ method: 'POST', url: '/api/governance/appeals/1/decide', body: { outcome: 'overturned', reason: 'Misjudged', language: 'en' } }));
    const result = await screen.findByTestId('decision-result');
    expect(result.textContent).toContain('GOV-2026-000001: Overturned — Creator C1');
    expect(result.textContent).toContain('The penalty is revoked: record EXT-1 is reversed and no longer counts as a strike.');
    expect(within(result).getByTestId('delivery-status').textContent).toBe('Not sent (no delivery channel)');
    expect(result.textContent).toContain('Notice to the subject (English):');
    await screen.findByText('No appeal is waiting for a decision.');
  });

  it('says readably when the appeal was decided meanwhile (409) or the role may not decide (403)', async () => {
    signInAs(['leader'], null);
    const user = userEvent.setup();
    let answer = problem(409, 'appeal-decided');
    mockFetch((method, url) => {
      if (url.startsWith('/api/governance/appeals?')) return page([appeal('1', 3600_000)]);
      if (method === 'POST') return answer;
      return undefined;
    });
    renderWithApp(<AppealsPage />);
    const decide = async () => {
      await user.click(await screen.findByTestId('appeal-decide'));
      await user.click(screen.getByTestId('decide-upheld'));
      await user.type(screen.getByTestId('decide-reason'), 'Clear violation');
      await user.click(screen.getByTestId('decide-submit'));
    };
    await decide();
    expect((await screen.findByText(/already been decided/)).textContent).toBe('This appeal has already been decided (perhaps by a colleague). The list was reloaded.');
    expect(screen.queryByTestId('decide-dialog')).toBeNull();
    expect(screen.queryByText(/English server title/)).toBeNull();

    answer = problem(403, 'forbidden');
    await decide();
    expect(within(screen.getByTestId('decide-dialog')).getByRole('alert').textContent).toBe('Only leaders and members of review ops decide appeals.');
  });

  it('offers no decide button to operators, but lets them file an appeal', async () => {
    signInAs(['operator']);
    const user = userEvent.setup();
    const calls = mockFetch((method, url) => {
      if (url.startsWith('/api/governance/appeals?')) return page([appeal('1', 3600_000)]);
      if (method === 'POST' && url === '/api/governance/appeals') return problem(409, 'appeal-exists');
      return undefined;
    });
    renderWithApp(<AppealsPage />);
    await screen.findAllByTestId('appeal-item');
    expect(screen.queryByTestId('appeal-decide')).toBeNull();

    await user.click(screen.getByTestId('file-appeal-submit'));
    expect(screen.getByTestId('field-error-enforcementExternalId').textContent).toBe('Required.');
    expect(screen.getByTestId('field-error-statement').textContent).toBe('Required.');
    await user.type(screen.getByTestId('file-appeal-record'), 'EXT-9');
    await user.type(screen.getByTestId('file-appeal-statement'), 'Not me');
    await user.click(screen.getByTestId('file-appeal-submit'));
    await waitFor(() => expect(calls).toContainEqual({ method: 'POST', url: '/api/governance/appeals', body: { enforcementExternalId: 'EXT-9', statement: 'Not me' } }));
    expect((await within(screen.getByTestId('file-appeal')).findByRole('alert')).textContent).toBe('This record already has an appeal waiting for a decision.');
  });

  it('filters by status', async () => {
    signInAs(['admin'], null);
    const user = userEvent.setup();
    const calls = mockFetch((_m, url) =>
      url.startsWith('/api/governance/appeals?') ? page(url.includes('status=upheld') ? [appeal('5', 0, { status: 'upheld', decidedBy: 'lead1', decidedAt: '2026-11-20T10:00:00Z', reason: 'Stands' })] : []) : undefined,
    );
    renderWithApp(<AppealsPage />);
    await screen.findByText('No appeal is waiting for a decision.');
    await user.selectOptions(screen.getByLabelText('Status'), 'upheld');
    const item = await screen.findByTestId('appeal-item');
    expect(calls.map((c) => c.url)).toContain('/api/governance/appeals?status=upheld&page=1&pageSize=50');
    expect(within(item).getByTestId('appeal-status').textContent).toBe('Upheld');
    expect(item.textContent).toContain('Reason: Stands');
    expect(within(item).queryByTestId('sla-countdown')).toBeNull();
  });
});
