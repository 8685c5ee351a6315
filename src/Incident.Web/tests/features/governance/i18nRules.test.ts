import { describe, expect, it } from 'vitest';
import { enforcementEn } from '../../../src/features/governance/i18n/enforcement.en';
import { rulesEn } from '../../../src/features/governance/i18n/rules.en';
import { rulesZhCN } from '../../../src/features/governance/i18n/rules.zh-CN';
import { DETECTIONS, LADDER_ACTIONS, RULE_KINDS, RULE_STATUSES, SUBJECT_TYPES, TRANSITIONS } from '../../../src/features/governance/governanceTypes';

describe('governance rules dictionary', () => {
  it('shares no key with the enforcement dictionary (the later spread would silently win)', () => {
    const theirs = new Set(Object.keys(enforcementEn));
    expect(Object.keys(rulesEn).filter((k) => theirs.has(k))).toEqual([]);
  });

  it('names every code of the vocabulary in both languages, the Chinese really in Chinese', () => {
    const codes = [
      ...RULE_KINDS.map((c) => `gov.kind.${c}`),
      ...SUBJECT_TYPES.map((c) => `gov.subjectType.${c}`),
      ...DETECTIONS.map((c) => `gov.detection.${c}`),
      ...LADDER_ACTIONS.map((c) => `gov.action.${c}`),
      ...RULE_STATUSES.flatMap((c) => [`gov.status.${c}`, `gov.statusHint.${c}`]),
      ...TRANSITIONS.flatMap((c) => [`gov.lifecycle.${c}`, `gov.lifecycle.done.${c}`]),
      ...['meets', 'not-yet', 'regresses', 'none'].map((c) => `gov.verdict.${c}`),
      ...['meets', 'not-yet', 'regresses'].map((c) => `gov.board.${c}`),
    ];
    for (const k of codes) {
      expect(rulesEn, k).toHaveProperty([k]);
      expect(rulesZhCN[k as keyof typeof rulesEn], k).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const [k, v] of Object.entries(rulesZhCN)) expect(v.replace(/\{\w+\}/g, ''), k).toMatch(/[\u4e00-\u9fff]/);
    expect(rulesZhCN['gov.status.shadow']).toBe('影子运行中');
    expect(rulesZhCN['gov.field.ladder']).toBe('处罚阶梯');
  });
});
