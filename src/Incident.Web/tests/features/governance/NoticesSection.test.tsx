import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { NoticesSection } from '../../../src/features/governance/NoticesSection';
import { jsonResponse, renderWithApp } from '../../render';
import { mockFetch, resetClient, signInAs } from './enforcementFixtures';

const campaign = (id: string, over: Record<string, unknown> = {}) => ({
  id, ruleId: 'r1', template: 'new-rule', segment: { kind: 'guilds-of-business-line' }, language: 'zh-CN',
  recipients: 3, delivered: 1, failed: 1, pending: 1, createdAt: '2026-11-21T10:00:00Z', createdBy: 'operator1', ...over,
});
const notice = (id: string, campaignId: string, status: string, error?: string) => ({
  id, campaignId, recipient: { type: 'guild', id: `G${id}` }, kind: 'new-rule', language: 'zh-CN', title: 'New rule', body: '…', deliveryStatus: status, ...(error ? { error } : {}),
});

describe('NoticesSection', () => {
  afterEach(resetClient);

  it('lists campaigns with their counts and expands the recipients with delivery status', async () => {
    signInAs(['partner'], 'live-guild-ops');
    const user = userEvent.setup();
    mockFetch((_m, url) =>
      url === '/api/governance/rules/r1/notices'
        ? jsonResponse(200, {
            campaigns: [campaign('c1'), campaign('c2', { template: 'education', segment: { kind: 'rule-offenders', minStrikes: 2 }, language: 'en', createdAt: '2026-11-22T10:00:00Z', recipients: 1, delivered: 1, failed: 0, pending: 0 })],
            notices: [notice('1', 'c1', 'delivered'), notice('2', 'c1', 'failed', 'no channel'), notice('3', 'c1', 'pending'), notice('4', 'c2', 'delivered')],
          })
        : undefined,
    );
    renderWithApp(<NoticesSection ruleId="r1" />);
    const items = await screen.findAllByTestId('campaign');
    expect(screen.queryByTestId('notices-form')).toBeNull();
    expect(items.map((c) => c.getAttribute('data-campaign-id'))).toEqual(['c2', 'c1']);
    expect(items[0]!.textContent).toContain('Subjects with at least 2 strikes under this rule · English');
    expect(within(items[1]!).getByTestId('campaign-counts').textContent).toBe('3 recipients · 1 delivered · 1 failed · 1 pending');
    const toggle = within(items[1]!).getByTestId('campaign-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const rows = within(items[1]!).getAllByTestId('campaign-recipient');
    expect(rows.map((r) => [within(r).getByRole('link').textContent, r.getAttribute('data-status')])).toEqual([
      ['Guild G1', 'delivered'],
      ['Guild G2', 'failed'],
      ['Guild G3', 'pending'],
    ]);
    expect(rows[1]!.textContent).toContain('Delivery failed (no channel)');
  });

  it('posts the template, segment and language', async () => {
    signInAs(['operator']);
    const user = userEvent.setup();
    let sent = false;
    const calls = mockFetch((method, url) => {
      if (url !== '/api/governance/rules/r1/notices') return undefined;
      if (method === 'POST') {
        sent = true;
        return jsonResponse(201, campaign('c9', { recipients: 2, segment: { kind: 'subjects', subjects: [{ type: 'creator', id: 'C1' }, { type: 'guild', id: 'G1' }] } }));
      }
      return jsonResponse(200, { campaigns: sent ? [campaign('c9')] : [], notices: [] });
    });
    renderWithApp(<NoticesSection ruleId="r1" />);
    await screen.findByText('No notices have been sent for this rule yet.');

    await user.click(screen.getByTestId('notices-segment-rule-offenders'));
    fireEvent.change(screen.getByTestId('notices-min-strikes'), { target: { value: '0' } });
    await user.click(screen.getByTestId('notices-submit'));
    expect(screen.getByTestId('field-error-minStrikes').textContent).toBe('Must be at least 1.');
    fireEvent.change(screen.getByTestId('notices-min-strikes'), { target: { value: '2' } });
    await user.selectOptions(screen.getByTestId('notices-template'), 'rule-changed');
    await user.click(screen.getByTestId('notices-submit'));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ template: 'rule-changed', segment: { kind: 'rule-offenders', minStrikes: 2 }, language: 'en' }]),
    );

    await user.click(screen.getByTestId('notices-segment-subjects'));
    fireEvent.change(screen.getByTestId('notices-subjects'), { target: { value: 'C1\nguild,G1\nC1' } });
    expect(screen.getByTestId('notices-subjects-preview').textContent).toBe('2 subjects');
    await user.selectOptions(screen.getByTestId('notices-language'), 'zh-CN');
    await user.click(screen.getByTestId('notices-submit'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2));
    expect(calls.filter((c) => c.method === 'POST')[1]!.body).toEqual({
      template: 'rule-changed',
      segment: { kind: 'subjects', subjects: [{ type: 'creator', id: 'C1' }, { type: 'guild', id: 'G1' }] },
      language: 'zh-CN',
    });
    await screen.findAllByTestId('campaign');
  });
});
