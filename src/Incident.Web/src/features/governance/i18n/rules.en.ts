// English strings of the governance rules screens; rules.zh-CN.ts must have exactly these keys.
export const rulesEn = {
  'gov.rules.title': 'Rules',
} as const;
