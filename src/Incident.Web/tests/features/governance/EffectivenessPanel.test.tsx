import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAppealsOption, buildIntervalOption, buildViolationOption, dayRange, notEnoughReasons, pct } from '../../../src/features/governance/effectiveness';
import { EffectivenessPanel } from '../../../src/features/governance/EffectivenessPanel';
import { jsonResponse, renderWithApp } from '../../render';
import { effectiveness, mockFetch, resetClient } from './enforcementFixtures';

const labels = { rate: 'Rate', control: 'Control', launch: 'Launch', before: 'Before', after: 'After' };
type Mark = { xAxis?: string; name?: string; coord?: [unknown, unknown] };

describe('effectiveness chart options', () => {
  it('marks the launch day and draws the before and after means over their windows, with the control series', () => {
    const o = buildViolationOption(effectiveness(), labels);
    const days = o.xAxis.data;
    expect(days[0]).toBe('2026-10-04');
    expect(days[days.length - 1]).toBe('2026-11-28');
    expect(days).toContain('2026-11-02'); // a day without a value stays on the axis, as a gap
    const rate = o.series[0]!;
    expect(rate.data[days.indexOf('2026-11-02')]).toBeNull();
    expect(rate.data[days.indexOf('2026-11-03')]).toBe(0.032);
    // the launch day has a mean in each window: the line takes the after one
    expect(rate.data[days.indexOf('2026-11-01')]).toBe(0.04);
    expect(rate.data[days.indexOf('2026-10-31')]).toBe(0.049);
    const marks = rate.markLine!.data as (Mark | [Mark, Mark])[];
    expect(marks).toContainEqual(expect.objectContaining({ xAxis: '2026-11-01', name: 'Launch' }));
    const segments = marks.filter(Array.isArray) as [Mark, Mark][];
    expect(segments.map(([a, b]) => [a.name, a.coord, b.coord])).toEqual([
      ['Before', ['2026-10-04', 0.05], ['2026-10-31', 0.05]],
      ['After', ['2026-11-01', 0.033], ['2026-11-28', 0.033]],
    ]);
    expect(o.series).toHaveLength(2);
    expect(o.series[1]!.name).toBe('Control');
    expect(o.legend.data).toEqual(['Rate', 'Control']);
  });

  it('leaves out the control series and the mean segments it has no figures for', () => {
    const e = effectiveness();
    const o = buildViolationOption({ ...e, window: null, violationRate: { ...e.violationRate!, after: null, daily: e.violationRate!.daily!.map(({ date, value }) => ({ date, value })) } }, labels);
    expect(o.series).toHaveLength(1);
    const segments = (o.series[0]!.markLine!.data as unknown[]).filter(Array.isArray) as [Mark, Mark][];
    // without windows the before mean runs from the first day to the launch
    expect(segments.map(([a, b]) => [a.name, a.coord, b.coord])).toEqual([['Before', ['2026-10-30', 0.05], ['2026-11-01', 0.05]]]);
  });

  it('draws each proportion as a point with a 95 % whisker and its target as a dashed segment', () => {
    const o = buildIntervalOption(
      [
        { label: 'Precision', value: 0.96, ci: [0.93, 0.98], goal: 0.95 },
        { label: 'Coverage', value: null, ci: null, goal: 0.6 },
      ],
      { value: 'Measured', target: 'Target' },
      'en',
    );
    const s = o.series[0]!;
    expect(s.data).toEqual([[0, 0.96]]);
    const segs = s.markLine.data.map(([a, b]) => [a.coord, b.coord, a.lineStyle?.type]);
    expect(segs).toContainEqual([[0, 0.93], [0, 0.98], 'solid']);
    expect(segs).toContainEqual([[-0.3, 0.95], [0.3, 0.95], 'dashed']);
    expect(segs).toContainEqual([[0.7, 0.6], [1.3, 0.6], 'dashed']);
    expect(segs.filter(([a]) => (a as number[])[0] === 1 || (a as number[])[0] === 0.92)).toHaveLength(0);
    expect(o.xAxis.axisLabel.customValues).toEqual([0, 1]);
    expect(o.xAxis.axisLabel.formatter(1)).toBe('Coverage');
    expect(o.xAxis.axisLabel.formatter(0.5)).toBe('');
  });

  it('groups appeals filed and overturned per day', () => {
    const o = buildAppealsOption([{ date: '2026-11-03', filed: 8, overturned: 0 }, { date: '2026-11-02', filed: 12, overturned: 1 }], { filed: 'Filed', overturned: 'Overturned' });
    expect(o.xAxis.data).toEqual(['2026-11-02', '2026-11-03']);
    expect(o.series.map((s) => [s.name, s.data])).toEqual([['Filed', [12, 8]], ['Overturned', [1, 0]]]);
  });

  it('formats signed percentages with a real minus and lists days inclusively', () => {
    expect(pct(-0.34, 'en', true)).toBe('−34%');
    expect(pct(0.051, 'en', true)).toBe('+5.1%');
    expect(pct(0, 'en', true)).toBe('0%');
    expect(pct(null, 'en')).toBe('—');
    expect(dayRange('2026-10-30', '2026-11-02')).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
  });

  it('says why there is not enough data', () => {
    expect(notEnoughReasons(effectiveness({ launchedAt: null }))).toEqual(['notLaunched']);
    const e = effectiveness();
    const soon = effectiveness({
      violationRate: { ...e.violationRate!, afterDays: 3 },
      checks: [{ target: 'minPrecision', goal: 0.95, value: null, status: 'not-yet' }],
    });
    expect(notEnoughReasons(soon)).toEqual(['noPrecisionAudit']);
    const soonWithRate = effectiveness({
      violationRate: { ...e.violationRate!, afterDays: 3 },
      window: e.window ? { ...e.window, afterElapsedDays: 3 } : e.window,
      checks: [
        { target: 'violationRateChange', goal: -0.3, value: -0.35, status: 'not-yet' },
        { target: 'minPrecision', goal: 0.95, value: null, status: 'not-yet' },
      ],
    });
    expect(notEnoughReasons(soonWithRate)).toEqual(['tooSoon', 'noPrecisionAudit']);
  });
});

describe('EffectivenessPanel', () => {
  afterEach(resetClient);
  // jsdom has no canvas; echarts only measures text with it (the SVG renderer draws the chart).
  beforeAll(() => {
    HTMLCanvasElement.prototype.getContext = (() => ({ measureText: (s: string) => ({ width: s.length * 7 }), font: '' })) as never;
  });

  it('shows the verdict, the checks and the figures in words with their intervals', async () => {
    const calls = mockFetch((_m, url) => (url === '/api/governance/rules/r1/effectiveness' ? jsonResponse(200, effectiveness()) : undefined));
    renderWithApp(<EffectivenessPanel ruleId="r1" />);
    const verdict = await screen.findByTestId('effectiveness-verdict');
    expect(verdict.textContent).toContain('Meets its targets');
    expect(verdict.className).toContain('gov-verdict-meets');
    expect(calls[0]!.url).toBe('/api/governance/rules/r1/effectiveness');

    const checks = screen.getAllByTestId('effectiveness-check');
    expect(checks.map((c) => c.getAttribute('data-status'))).toEqual(['met', 'met', 'met']);
    expect(checks[0]!.textContent).toBe('Violation rate change: goal −30% or lower · now −34% Met');
    expect(checks[1]!.textContent).toContain('goal at least 95%');

    const fig = (k: string) => within(screen.getByTestId('effectiveness-figures')).getByText((_, el) => el?.getAttribute('data-figure') === k).textContent;
    expect(fig('violation')).toBe(
      'Violation rate −34% (95% CI −41% to −27%) since launch on Nov 1, 2026: mean 0.05 a day before, 0.033 after (over 28 and 28 days).',
    );
    expect(fig('did')).toBe('Difference-in-differences against the control group: −29% (95% CI −37% to −20%).');
    expect(fig('precision')).toBe('Precision 96.1% (95% CI 93.7% to 97.6%): 384 of 400 audited records were violations.');
    expect(fig('coverage')).toBe('Coverage 72% (95% CI 66% to 77%): 9,000 enforced, about 3,500 violations missed in an unenforced population of 200,000 (sample of 500).');
    expect(fig('overturn')).toContain('Overturn rate 4% (95% CI 2.2% to 7.2%): 10 of 250');
    const daily = within(screen.getByTestId('chart-violation')).getAllByRole('row', { hidden: true }).map((r) => r.textContent);
    expect(daily).toContain('Nov 1, 2026Before launch0.0450.04');
    expect(daily).toContain('Nov 1, 2026After launch0.040.039');
    expect(fig('appealRate')).toBe('Appeal rate 2.1%: 250 appeals on 11,900 records.');
    expect(fig('medianHours')).toBe('Median time to decide an appeal: 18.5 hours.');
    expect(fig('recidivism')).toContain('Recidivism 12%: 600 of 5,000');
    expect(fig('education')).toContain('300 completed the training and 27 of them violated again (9%)');
    expect(fig('shadow')).toContain('42 would-be penalties');

    const cohorts = screen.getByTestId('overturn-cohorts');
    expect(within(cohorts).getAllByRole('row').map((r) => r.textContent)).toEqual([
      'MonthDecidedOverturnedOverturn rate',
      'October 20261006' + '6%',
      'November 20261504' + '2.7%',
    ]);
    // the three charts are there, each with a label (echarts is a lazy chunk: slow to import under load)
    await waitFor(() => expect(screen.getAllByRole('img')).toHaveLength(3), { timeout: 15_000 });
    expect(screen.getAllByRole('img')[0]!.getAttribute('aria-label')).toContain('launch on Nov 1, 2026 marked');
  }, 20_000);

  it('says "not enough data yet" when figures are null', async () => {
    const e = effectiveness();
    mockFetch(() =>
      jsonResponse(200, {
        ...e,
        verdict: 'not-yet',
        meetsTargets: null,
        violationRate: { ...e.violationRate!, after: null, change: null, ci95: null, didEstimate: null, didCi95: null, afterDays: 2, daily: [] },
        precision: null,
        coverage: { value: null, n: 0, ci95: null, enforced: 0, estimatedMissed: null, population: null },
        overturnRate: null,
        appealRate: null,
        medianDecisionHours: null,
        recidivism: null,
        education: null,
        shadow: null,
        appealsDaily: [],
        checks: [
          { target: 'violationRateChange', goal: -0.3, value: null, status: 'not-yet' },
          { target: 'minPrecision', goal: 0.95, value: null, status: 'not-yet' },
        ],
      }),
    );
    renderWithApp(<EffectivenessPanel ruleId="r1" />);
    const why = await screen.findByTestId('effectiveness-not-enough');
    expect(why.textContent).toBe('Not enough data yet to judge: fewer than 7 days since launch; no violation-rate figures around the launch; no precision audit yet.');
    expect(screen.getByTestId('effectiveness-verdict').textContent).toContain('Not meeting its targets yet');
    const missing = screen.getAllByText((_, el) => el?.getAttribute('data-missing') === 'true').map((li) => li.textContent);
    expect(missing).toContain('Violation rate: not enough data yet (no violation-rate figures before and after the launch).');
    expect(missing).toContain('Precision: not enough data yet (no audit recorded).');
    expect(missing).toContain('Coverage: not enough data yet (no audit recorded).');
    expect(missing).toHaveLength(8);
    expect(screen.getAllByTestId('effectiveness-check')[1]!.textContent).toContain('now not measured');
    expect(screen.getByText('No daily violation rates yet.')).toBeTruthy();
    expect(screen.getByText('No precision or coverage audit recorded yet.')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('speaks Chinese in zh-CN, figures and intervals included', async () => {
    mockFetch(() => jsonResponse(200, effectiveness({ verdict: 'regresses', meetsTargets: false })));
    const { container } = renderWithApp(<EffectivenessPanel ruleId="r1" />, { lang: 'zh-CN' });
    expect((await screen.findByTestId('effectiveness-verdict')).textContent).toContain('效果倒退');
    const fig = (k: string) => container.querySelector(`[data-figure="${k}"]`)!.textContent;
    expect(fig('violation')).toBe('自 2026年11月1日 上线以来违规率变化 −34%（95% 置信区间 −41% 至 −27%）：上线前日均 0.05，上线后日均 0.033（分别基于 28 天和 28 天）。');
    expect(fig('coverage')).toContain('估计漏判约 3,500 条');
    expect(container.textContent).toContain('2026年10月');
    expect(container.textContent!.match(/[A-Za-z]{2,}/g)).toBeNull();
  });

  it('says so when the rule has nothing launched to measure', async () => {
    mockFetch(() => jsonResponse(404, { title: 'Not found' }));
    renderWithApp(<EffectivenessPanel ruleId="r9" />);
    expect((await screen.findByTestId('effectiveness-none')).textContent).toBe('This rule has no launched version to measure yet.');
  });
});
