import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { SubjectPage } from '../../../src/features/governance/SubjectPage';
import { jsonResponse, renderWithApp } from '../../render';
import { mockFetch, resetClient, subjectView } from './enforcementFixtures';

describe('SubjectPage', () => {
  afterEach(() => {
    resetClient();
    location.hash = '';
  });

  it('looks a subject up by type and id through the hash', async () => {
    const user = userEvent.setup();
    const calls = mockFetch(() => undefined);
    renderWithApp(<SubjectPage />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Subjects');
    await user.click(screen.getByTestId('subject-lookup-submit'));
    expect(screen.getByTestId('field-error-subjectId').textContent).toBe('Required.');
    await user.selectOptions(screen.getByLabelText('Subject type'), 'live-room');
    await user.type(screen.getByLabelText(/^Subject id/), 'room 7/a');
    await user.click(screen.getByTestId('subject-lookup-submit'));
    expect(location.hash).toBe('#/governance/subjects/live-room/room%207%2Fa');
    expect(calls).toHaveLength(0);
  });

  it('numbers the next offence from the active strikes, past the ladder\'s last step too', async () => {
    // nextStep is the ladder step that applies (strike 4's here); the next offence is the 8th strike.
    const beyond = subjectView();
    beyond.rules = [{ ...beyond.rules[0]!, activeStrikes: 7, nextStep: { strike: 4, action: 'termination', durationDays: null } }];
    mockFetch((_m, url) => (url === '/api/governance/subjects/creator/C42' ? jsonResponse(200, beyond) : undefined));
    renderWithApp(<SubjectPage type="creator" id="C42" />);
    expect((await screen.findByTestId('subject-rule')).querySelectorAll('td')[2]!.textContent).toBe('Strike 8: Termination');
  });

  it('shows active strikes per rule with the next step, penalties in force, the history with badges, appeals and notices', async () => {
    const calls = mockFetch((_m, url) => (url === '/api/governance/subjects/creator/C42' ? jsonResponse(200, subjectView()) : undefined));
    renderWithApp(<SubjectPage type="creator" id="C42" />);
    expect((await screen.findByTestId('subject-active-strikes')).textContent).toBe('3');
    expect(calls[0]!.url).toBe('/api/governance/subjects/creator/C42');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Creator C42');

    const rules = screen.getAllByTestId('subject-rule');
    expect(rules.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent))).toEqual([
      ['GOV-2026-000001 Gift fraud in live rooms', '2', 'Strike 3: Traffic limit for 7 days'],
      ['GOV-2026-000002 Minor safety', '1', 'Strike 2: Revenue freeze for 30 days'],
    ]);
    const penalties = screen.getAllByTestId('subject-penalty').map((p) => p.textContent);
    expect(penalties[0]).toMatch(/^Warning · GOV-2026-000001 · .+ until .+$/);
    expect(penalties[1]).toMatch(/^Termination · GOV-2026-000002 · since .+, with no end date$/);

    const records = screen.getAllByTestId('subject-record');
    expect(records.map((r) => r.getAttribute('data-external-id'))).toEqual(['EXT-3', 'EXT-2', 'EXT-1']);
    const cells = (i: number) => Array.from(records[i]!.querySelectorAll('td')).map((td) => td.textContent);
    expect(cells(0).slice(1)).toEqual(['GOV-2026-000002 Minor safety', '—', 'Warning', 'EXT-3', expect.stringContaining('Shadow: not applied')]);
    expect(cells(1).slice(2)).toEqual(['2', 'Traffic limit for 3 days', 'EXT-2', expect.stringContaining('Reversed')]);
    expect(cells(2)[5]).toBe('Applied');

    const appeals = screen.getAllByTestId('subject-appeal');
    expect(within(appeals[0]!).getByTestId('appeal-status').textContent).toBe('Overturned');
    const notices = screen.getAllByTestId('subject-notice');
    expect(notices.map((n) => within(n).getByTestId('delivery-status').textContent)).toEqual(['Delivered', 'Delivery failed']);
    expect(notices[1]!.textContent).toContain('(channel down)');
  });

  it('speaks Chinese throughout in zh-CN (no English left besides the user data)', async () => {
    mockFetch(() => jsonResponse(200, subjectView()));
    const { container } = renderWithApp(<SubjectPage type="creator" id="C42" />, { lang: 'zh-CN' });
    await screen.findByTestId('subject-active-strikes');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('主播 C42');
    expect(screen.getAllByTestId('subject-rule')[0]!.textContent).toContain('第 3 次：限流 7 天');
    expect(screen.getAllByTestId('subject-record')[1]!.textContent).toContain('已撤回');
    expect(screen.getAllByTestId('subject-notice')[1]!.textContent).toContain('送达失败');
    const data = ['GOV-2026-000001', 'GOV-2026-000002', 'Gift fraud in live rooms', 'Minor safety', 'C42', 'EXT-1', 'EXT-2', 'EXT-3', 'EXT-7', 'channel down', 'I did nothing <b>wrong</b> (7)'];
    let text = container.textContent ?? '';
    for (const d of data) text = text.split(d).join(' ');
    const options = Array.from(container.querySelectorAll('option')).map((o) => o.textContent).join(' ');
    expect(options).toContain('直播间');
    expect(text.match(/[A-Za-z]{2,}/g)).toBeNull();
  });

  it('says so when nothing is recorded for the subject', async () => {
    mockFetch(() => jsonResponse(404, { title: 'Not found' }));
    renderWithApp(<SubjectPage type="guild" id="G1" />);
    expect((await screen.findByTestId('subject-missing')).textContent).toBe('Nothing has been recorded for this subject.');
  });
});
