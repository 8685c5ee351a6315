import { describe, expect, it } from 'vitest';
import { defaultPair } from '../../../src/features/governance/VersionsCompare';
import {
  appendRow,
  checkLadder,
  checkValues,
  emptyValues,
  errorPath,
  fmtPercent,
  mapRuleErrors,
  moveRow,
  newRow,
  parsePercent,
  percentText,
  toRuleInput,
  valuesOfRule,
} from '../../../src/features/governance/rules';
import { LADDER_ACTIONS } from '../../../src/features/governance/governanceTypes';
import { rule, version } from './fixtures';

const keys = (o: object) => Object.keys(o).sort();

describe('ladder check', () => {
  it('wants strikes starting at 1 and strictly increasing', () => {
    expect(checkLadder([newRow(1), newRow(2), newRow(5)], true)).toEqual({});
    expect(keys(checkLadder([newRow(2)], true))).toEqual(['ladder[0].strike']);
    expect(checkLadder([newRow(2)], true)['ladder[0].strike']!.key).toBe('gov.ladder.firstIsOne');
    const same = checkLadder([newRow(1), newRow(3), newRow(3)], true);
    expect(keys(same)).toEqual(['ladder[2].strike']);
    expect(same['ladder[2].strike']).toEqual({ key: 'gov.ladder.increase', params: { prev: 3 } });
    expect(keys(checkLadder([newRow(1), newRow(3), newRow(2)], true))).toEqual(['ladder[2].strike']);
    expect(keys(checkLadder([newRow(1), newRow('x')], true))).toEqual(['ladder[1].strike']);
  });

  it('needs a step for a rule, an action per row and whole days', () => {
    expect(checkLadder([], true)).toEqual({ ladder: { key: 'gov.ladder.needOne' } });
    expect(checkLadder([], false)).toEqual({});
    expect(keys(checkLadder([newRow(1, ''), newRow(2, 'warning', '1.5')], true))).toEqual(['ladder[0].action', 'ladder[1].durationDays']);
  });

  it('adds the next strike with a harsher action, moves and keeps rows', () => {
    const rows = appendRow([newRow(1, 'warning')], LADDER_ACTIONS);
    expect(rows.map((r) => [r.strike, r.action])).toEqual([['1', 'warning'], ['2', 'education']]);
    expect(moveRow(rows, 1, -1).map((r) => r.strike)).toEqual(['2', '1']);
    expect(moveRow(rows, 0, -1)).toBe(rows);
  });
});

describe('rule body', () => {
  it('sends targets as fractions and the ladder as numbers', () => {
    const v = emptyValues({
      name: ' 诱导打赏 ',
      businessLine: 'douyin',
      category: 'fraud-scam',
      characteristics: 'x',
      violationRateChange: '−30 %',
      minPrecision: '95',
      minCoverage: '60%',
      ladder: [newRow(1, 'warning'), newRow(2, 'traffic-limit', 7)],
      incidents: [{ id: 'inc-1', key: 'INC-1', title: 't' }],
    });
    expect(checkValues(v)).toEqual({});
    const body = toRuleInput(v);
    expect(body.name).toBe('诱导打赏');
    expect(body.targets).toEqual({ violationRateChange: -0.3, minPrecision: 0.95, minCoverage: 0.6 });
    expect(body.ladder).toEqual([{ strike: 1, action: 'warning' }, { strike: 2, action: 'traffic-limit', durationDays: 7 }]);
    expect(body.incidentIds).toEqual(['inc-1']);
    expect(body.strikeWindowDays).toBe(90);
    expect(body.graveStartsAtStrike).toBeNull();
    expect(body).not.toHaveProperty('memberRuleIds');
  });

  it('leaves unset targets out and flags out-of-range ones', () => {
    expect(toRuleInput(emptyValues({ name: 'n' })).targets).toEqual({});
    const bad = checkValues(emptyValues({ minPrecision: '120', violationRateChange: 'abc', minCoverage: '-5' }));
    expect(bad['targets.minPrecision']!.key).toBe('gov.form.shareRange');
    expect(bad['targets.violationRateChange']!.key).toBe('validation.number');
    expect(bad['targets.minCoverage']!.key).toBe('gov.form.shareRange');
    expect(bad.name!.key).toBe('validation.required');
    const grave = checkValues(emptyValues({ graveStartsAtStrike: '4', ladder: [newRow(1), newRow(2), newRow(3)] }));
    expect(grave.graveStartsAtStrike).toEqual({ key: 'gov.form.graveRange', params: { top: 3 } });
    expect(checkValues(emptyValues({ violationRateChange: '-100' }))['targets.violationRateChange']).toBeUndefined();
    expect(checkValues(emptyValues({ violationRateChange: '-101' }))['targets.violationRateChange']!.key).toBe('gov.form.changeRange');
    expect(keys(checkLadder(Array.from({ length: 21 }, (_, i) => newRow(i + 1)), true))).toEqual(['ladder']);
  });

  it('reads a rule back into the form with percents', () => {
    const v = valuesOfRule(rule());
    expect([v.violationRateChange, v.minPrecision, v.minCoverage]).toEqual(['-30', '95', '60']);
    expect(v.ladder.map((r) => r.durationDays)).toEqual(['', '7', '']);
    expect(toRuleInput(v).targets).toEqual({ violationRateChange: -0.3, minPrecision: 0.95, minCoverage: 0.6 });
    expect(percentText(0.125)).toBe('12.5');
    expect(parsePercent('12,5').value).toBe(0.125);
    expect(parsePercent('').value).toBeNull();
  });
});

describe('server field errors', () => {
  it('maps problem keys to form fields, ladder rows and targets', () => {
    expect(errorPath('ladder[1].strike')).toBe('ladder[1].strike');
    expect(errorPath('$.Ladder[2].DurationDays')).toBe('ladder[2].durationDays');
    expect(errorPath('Ladder[0]')).toBe('ladder[0]');
    expect(errorPath('Targets.MinPrecision')).toBe('targets.minPrecision');
    expect(errorPath('incidentIds[0]')).toBe('incidents');
    expect(errorPath('StrikeWindowDays')).toBe('strikeWindowDays');
    expect(errorPath('somethingElse')).toBeNull();
    expect(mapRuleErrors({ 'ladder[1].strike': ['Must increase.'], '': ['Broken.'] })).toEqual({ byPath: { 'ladder[1].strike': ['Must increase.'] }, other: ['Broken.'] });
  });
});

describe('formatting', () => {
  it('shows fractions as percents with a real minus', () => {
    expect(fmtPercent(-0.3, 'en')).toBe('\u221230\u00a0%');
    expect(fmtPercent(-0.3, 'zh-CN')).toBe('\u221230%');
    expect(fmtPercent(0.955, 'en')).toBe('95.5\u00a0%');
    expect(fmtPercent(0.1, 'en', true)).toBe('+10\u00a0%');
    expect(fmtPercent(null, 'en')).toBe('—');
  });

  it('compares the enforcing version with the latest by default', () => {
    expect(defaultPair([version(1), version(2), version(3)], 2)).toEqual([2, 3]);
    expect(defaultPair([version(1), version(2), version(3)], null)).toEqual([2, 3]);
    expect(defaultPair([version(1), version(2)], 2)).toEqual([1, 2]);
    expect(defaultPair([version(1)], null)).toEqual([1, 1]);
  });
});
