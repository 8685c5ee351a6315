import type { enforcementEn } from './enforcement.en';

export const enforcementZhCN: Record<keyof typeof enforcementEn, string> = {
  'gov.enforcement.title': 'enforcement',
};
