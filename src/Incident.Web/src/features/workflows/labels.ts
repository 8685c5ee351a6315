import type { WorkflowActivity } from '../../api/types';
import { translate, translateValue, type Lang } from '../../i18n/i18n';

/** A plain string, or a `{ en, zh-CN }` object (issue 10 item 4), in the viewer's language with fallbacks. */
export function localized(value: unknown, lang: Lang): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  for (const k of [lang, lang.split('-')[0]!, 'en', ...Object.keys(o)]) {
    const v = o[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

const humanize = (id: string) => {
  const s = id.replace(/[-_]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
  return s ? s[0]!.toUpperCase() + s.slice(1) : id;
};

/**
 * What people read on a node: the definition's `displayName`, `label` or `title` (localized if given per language);
 * otherwise a sentence from the type's own fields, or the id made readable. `name` is not a label: SetVariable
 * uses it for the variable (WORKFLOWS.md).
 */
export function activityLabel(a: WorkflowActivity, lang: Lang): string {
  const own = localized(a.displayName, lang) ?? localized(a.label, lang) ?? localized(a.title, lang);
  if (own) return own;
  if (a.type === 'SetStage' && typeof a.stage === 'string') return translate(lang, 'wf.label.stage', { stage: translateValue(lang, 'stage', a.stage) });
  if (a.type === 'RequestHandoff' && typeof a.toDepartment === 'string')
    return translate(lang, 'wf.label.handoff', { department: translateValue(lang, 'department', a.toDepartment) });
  if (a.type === 'SetVariable' && typeof a.name === 'string') return translate(lang, 'wf.label.setVariable', { name: a.name });
  return humanize(a.id);
}

/** The activity type in the viewer's language (unknown types as written). */
export const activityTypeLabel = (type: string, lang: Lang) => translateValue(lang, 'wf.type', type, type);
