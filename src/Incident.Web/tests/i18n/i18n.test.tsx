import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { LanguageSwitch } from '../../src/app/Header';
import { en } from '../../src/i18n/en';
import { I18nProvider, loadLang, translate, useI18n } from '../../src/i18n/i18n';
import { zhCN } from '../../src/i18n/zh-CN';

function Probe() {
  const { t } = useI18n();
  return <h1>{t('board.title')}</h1>;
}

let switchUser: (u: string | null) => void = () => undefined;
function Harness({ initial }: { initial: string | null }) {
  const [user, setUser] = useState<string | null>(initial);
  switchUser = setUser;
  return (
    <I18nProvider username={user}>
      <LanguageSwitch />
      <Probe />
    </I18nProvider>
  );
}

describe('i18n', () => {
  it('has the same keys in both dictionaries, none empty', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(zhCN)) expect(v, k).not.toBe('');
  });

  it('interpolates parameters', () => {
    expect(translate('en', 'incidents.total', { total: 3 })).toBe('3 incidents');
    expect(translate('zh-CN', 'incidents.total', { total: 3 })).toBe('共 3 个事件');
  });

  it('remembers the language per user in localStorage', async () => {
    const user = userEvent.setup();
    localStorage.setItem('incident.lang.alice', 'en');
    render(<Harness initial="alice" />);
    expect(screen.getByRole('heading').textContent).toBe('Escalation board');

    await user.selectOptions(screen.getByTestId('language-switch'), 'zh-CN');
    expect(screen.getByRole('heading').textContent).toBe('升级看板');
    expect(localStorage.getItem('incident.lang.alice')).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');

    // bob has his own choice, untouched by alice's
    localStorage.setItem('incident.lang.bob', 'en');
    act(() => switchUser('bob'));
    expect(screen.getByRole('heading').textContent).toBe('Escalation board');

    act(() => switchUser('alice'));
    expect(screen.getByRole('heading').textContent).toBe('升级看板');
    expect(loadLang('alice')).toBe('zh-CN');
    expect(loadLang('bob')).toBe('en');
  });

  it('falls back to the last choice on this browser for a user without one', () => {
    localStorage.setItem('incident.lang', 'en');
    expect(loadLang('carol')).toBe('en');
    localStorage.setItem('incident.lang', 'zh-CN');
    expect(loadLang(null)).toBe('zh-CN');
  });
});
