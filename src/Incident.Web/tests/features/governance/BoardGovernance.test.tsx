import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardCard } from '../../../src/api/types';
import { BoardPage } from '../../../src/features/board/BoardPage';
import { jsonResponse, renderWithApp } from '../../render';
import { mockApi, resetApi } from './fixtures';

vi.mock('../../../src/features/board/Chart', () => ({ Chart: ({ testId }: { testId?: string }) => <div data-testid={testId} /> }));

const card = (id: string, governance: BoardCard['governance'] | undefined): BoardCard => ({
  id, key: `INC-2026-00000${id}`, title: `t${id}`, severity: 'S2', category: 'fraud-scam', stage: 'governance', ownerDepartment: 'risk-ops',
  escalationLevel: 0, slaDueAt: null, slaBreached: false, pendingHandoffs: 0, ...(governance === undefined ? {} : { governance }),
});

describe('board governance indicator', () => {
  afterEach(resetApi);

  it('says how governance is doing on each card, in words and colour, and nothing without a verdict', async () => {
    mockApi(({ url }) => {
      if (url === '/api/board')
        return jsonResponse(200, {
          generatedAt: '2026-11-22T10:00:00Z',
          columns: [{ stage: 'governance', incidents: [card('1', 'meets'), card('2', 'not-yet'), card('3', 'regresses'), card('4', null), card('5', undefined), card('6', 'none' as BoardCard['governance'])] }],
          counts: { bySeverity: {}, byStage: {}, breached: 0 },
        });
      if (url.startsWith('/api/events')) return jsonResponse(200, []);
      return undefined;
    });
    renderWithApp(<BoardPage />);
    const cards = await screen.findAllByTestId('board-card');
    const indicator = (i: number) => within(cards[i]!).queryByTestId('governance-indicator');
    expect(indicator(0)!.textContent).toBe('Governance: meets targets');
    expect(indicator(0)!.className).toContain('gov-indicator-meets');
    expect(indicator(1)!.textContent).toBe('Governance: not yet');
    expect(indicator(1)!.className).toContain('gov-indicator-not-yet');
    expect(indicator(2)!.textContent).toBe('Governance: regresses');
    expect(indicator(2)!.className).toContain('gov-indicator-regresses');
    expect(indicator(3)).toBeNull();
    expect(indicator(4)).toBeNull();
    expect(indicator(5)).toBeNull();
  });

  it('is in Chinese for Chinese users', async () => {
    mockApi(({ url }) =>
      url === '/api/board'
        ? jsonResponse(200, { generatedAt: '2026-11-22T10:00:00Z', columns: [{ stage: 'governance', incidents: [card('1', 'regresses')] }], counts: { bySeverity: {}, byStage: {}, breached: 0 } })
        : url.startsWith('/api/events')
          ? jsonResponse(200, [])
          : undefined,
    );
    renderWithApp(<BoardPage />, { lang: 'zh-CN' });
    expect((await screen.findByTestId('governance-indicator')).textContent).toBe('治理：效果变差');
  });
});
