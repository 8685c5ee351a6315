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
  it('uses a key\'s singular for a count of one', () => {
    expect(translate('en', 'signals.points', { count: 1 })).toBe('1 point');
    expect(translate('en', 'signals.points', { count: 3 })).toBe('3 points');
    expect(translate('zh-CN', 'signals.points', { count: 1 })).toBe('1 个点');
    expect(translate('en', 'incidents.page', { page: 1, pages: 1 })).toContain('1');
  });

  it('has the same keys in both dictionaries, none empty', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(zhCN)) expect(v, k).not.toBe('');
  });

  it('uses the same {placeholders} in both languages', () => {
    const names = (v: string) => [...v.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(en) as (keyof typeof en)[]) expect(names(zhCN[k]), k).toEqual(names(en[k]));
  });

  it('has the keys of the signals, samples, clusters, assessment and reports screens and their event types', () => {
    const prefixes = ['signals.', 'samples.', 'clusters.', 'assessment.', 'reports.', 'timeline.', 'reportKind.', 'reportStatus.', 'factor.', 'seriesStatus.', 'anomalyOutcome.'];
    for (const p of prefixes) expect(Object.keys(en).filter((k) => k.startsWith(p)).length, p).toBeGreaterThan(0);
    for (const type of [
      'samples.attached',
      'clusters.computed',
      'assessment.recorded',
      'incident.severity-overridden',
      'report.drafted',
      'report.approved',
      'report.published',
      'anomaly.detected',
    ]) {
      expect(en, type).toHaveProperty([`event.${type}`]);
      expect(zhCN, type).toHaveProperty([`event.${type}`]);
    }
    for (const code of ['empty', 'badJson', 'notArray', 'missingField', 'duplicate', 'missingColumns', 'extraFields', 'tooMany'])
      expect(zhCN).toHaveProperty([`samples.problem.${code}`]);
    for (const k of ['flash', 'assessment', 'special', 'daily-digest']) expect(zhCN).toHaveProperty([`reportKind.${k}`]);
    for (const r of ['24h', '7d', '30d', 'all']) expect(zhCN).toHaveProperty([`signals.range.${r}`]);
    expect(translate('zh-CN', 'nav.signals')).toBe('监控信号');
    expect(translate('en', 'samples.previewCount', { count: 3, format: 'CSV' })).toBe('3 samples found (CSV)');
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
