import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RulesListPage } from '../../../src/features/governance/RulesListPage';
import { jsonResponse, renderWithApp } from '../../render';
import { mockApi, resetApi, rule, signIn } from './fixtures';

vi.mock('../../../src/features/governance/EnforcementUpload', () => ({
  EnforcementUpload: ({ ruleId }: { ruleId?: string }) => <div data-testid="mock-enforcement-upload" data-rule-id={ruleId ?? ''} />,
}));

const live = rule({ id: 'r-2', key: 'GOV-2026-000002', name: 'Guild fraud', status: 'live', version: 3, liveVersion: 3 });
const draft = rule({ name: 'Minor tipping' });
const shadow = rule({ id: 'r-3', key: 'GOV-2026-000003', name: 'Shadow run', status: 'shadow', version: 1, liveVersion: null, shadowVersion: 1 });

describe('RulesListPage', () => {
  afterEach(resetApi);

  it('lists rules with translated codes, status in words and linked incidents, and filters by status and search', async () => {
    const user = userEvent.setup();
    signIn(['operator']);
    const calls = mockApi(({ url }) => {
      if (!url.startsWith('/api/governance/rules')) return undefined;
      const q = new URL(url, 'http://x').searchParams;
      const items = [draft, live, shadow].filter((r) => (!q.get('status') || r.status === q.get('status')) && (!q.get('q') || r.name.includes(q.get('q')!)));
      return jsonResponse(200, { items, total: items.length, page: 1, pageSize: 25 });
    });
    renderWithApp(<RulesListPage />);

    const rows = await screen.findAllByTestId('rule-row');
    expect(rows.map((r) => r.getAttribute('data-key'))).toEqual(['GOV-2026-000001', 'GOV-2026-000002', 'GOV-2026-000003']);
    const first = within(rows[0]!);
    expect(first.getByTestId('rule-status').textContent).toBe('Draft');
    expect(first.getByText('Douyin')).toBeTruthy();
    expect(first.getByText('Fraud / scam')).toBeTruthy();
    expect(first.getByText('Live room')).toBeTruthy();
    expect(first.getByText('Rule')).toBeTruthy();
    expect(first.getByTestId('rule-live-version').textContent).toBe('Not enforcing');
    expect(first.getByRole('link', { name: 'INC-2026-000123' }).getAttribute('href')).toBe('#/incidents/inc-1');
    const second = within(rows[1]!);
    expect(second.getByTestId('rule-status').textContent).toBe('Live');
    expect(second.getByTestId('rule-status').className).toContain('gov-status-live');
    expect(second.getByTestId('rule-live-version').textContent).toBe('version 3');
    expect(second.getByRole('link', { name: 'GOV-2026-000002' }).getAttribute('href')).toBe('#/governance/rules/r-2');
    expect(within(rows[2]!).getByTestId('rule-status').textContent).toBe('Running in shadow');
    expect(within(rows[2]!).getByTestId('rule-live-version').textContent).toBe('version 1 (in shadow)');
    expect(screen.getByTestId('new-rule').getAttribute('href')).toBe('#/governance/rules/new');
    expect(screen.getByTestId('mock-enforcement-upload')).toBeTruthy();

    await user.selectOptions(screen.getByTestId('rules-status-filter'), 'live');
    await user.click(screen.getByTestId('rules-apply'));
    await waitFor(() => expect(screen.getAllByTestId('rule-row').map((r) => r.getAttribute('data-rule-id'))).toEqual(['r-2']));
    expect(calls.at(-1)!.url).toBe('/api/governance/rules?status=live&page=1&pageSize=25');

    await user.selectOptions(screen.getByTestId('rules-status-filter'), '');
    await user.type(screen.getByTestId('rules-search'), 'Minor');
    await user.click(screen.getByTestId('rules-apply'));
    await waitFor(() => expect(screen.getAllByTestId('rule-row').map((r) => r.getAttribute('data-rule-id'))).toEqual(['r-1']));
    expect(calls.at(-1)!.url).toBe('/api/governance/rules?q=Minor&page=1&pageSize=25');

    await user.type(screen.getByTestId('rules-search'), 'zzz');
    await user.click(screen.getByTestId('rules-apply'));
    expect(await screen.findByTestId('rules-empty')).toBeTruthy();
    expect(screen.getByTestId('rules-empty').textContent).toBe('No rules match these filters.');
  });

  it('offers no "New rule" and no enforcement upload to partners', async () => {
    signIn(['partner'], 'review-ops');
    mockApi(({ url }) => (url.startsWith('/api/governance/rules') ? jsonResponse(200, { items: [live], total: 1, page: 1, pageSize: 25 }) : undefined));
    renderWithApp(<RulesListPage />);
    await screen.findAllByTestId('rule-row');
    expect(screen.queryByTestId('new-rule')).toBeNull();
    expect(screen.queryByTestId('mock-enforcement-upload')).toBeNull();
  });
});
