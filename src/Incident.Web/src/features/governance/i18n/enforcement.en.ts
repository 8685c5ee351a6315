// English strings of the governance enforcement screens; enforcement.zh-CN.ts must have exactly these keys.
export const enforcementEn = {
  'gov.enforcement.title': 'Enforcement',
} as const;
