import { mapFieldErrors } from '../../api/client';
import type { AssessmentInput, AssessmentView } from '../../api/types';
import type { MsgKey } from '../../i18n/en';

export const ASSESSMENT_FIELDS = [
  'affectedContent',
  'exposure',
  'spreadPerHour',
  'sensitivity',
  'minorsInvolved',
  'overrideSeverity',
  'overrideReason',
] as const;
export type AssessmentField = (typeof ASSESSMENT_FIELDS)[number];

export interface AssessmentForm {
  affectedContent: string;
  exposure: string;
  spreadPerHour: string;
  sensitivity: string;
  minorsInvolved: boolean;
  overrideSeverity: string;
  overrideReason: string;
}

export const EMPTY_FORM: AssessmentForm = {
  affectedContent: '',
  exposure: '',
  spreadPerHour: '',
  sensitivity: '',
  minorsInvolved: false,
  overrideSeverity: '',
  overrideReason: '',
};

export interface LocalError {
  key: MsgKey;
  params?: Record<string, string | number>;
}

/** Check the form as the server does (SubmitAssessmentValidator) and build the request body. */
export function validateAssessment(f: AssessmentForm): { body?: AssessmentInput; errors: Partial<Record<AssessmentField, LocalError[]>> } {
  const errors: Partial<Record<AssessmentField, LocalError[]>> = {};
  const add = (field: AssessmentField, e: LocalError) => (errors[field] = [...(errors[field] ?? []), e]);
  const count = (field: 'affectedContent' | 'exposure'): number | null => {
    const s = f[field].trim();
    if (!s) return add(field, { key: 'validation.required' }), null;
    const n = Number(s);
    if (!Number.isFinite(n)) return add(field, { key: 'validation.number' }), null;
    if (!Number.isInteger(n)) return add(field, { key: 'validation.integer' }), null;
    if (n < 0) return add(field, { key: 'validation.min', params: { min: 0 } }), null;
    return n;
  };
  const affectedContent = count('affectedContent');
  const exposure = count('exposure');
  let spreadPerHour: number | null = null;
  const sp = f.spreadPerHour.trim();
  if (!sp) add('spreadPerHour', { key: 'validation.required' });
  else if (!Number.isFinite(Number(sp))) add('spreadPerHour', { key: 'validation.number' });
  else if (Number(sp) < 0) add('spreadPerHour', { key: 'validation.min', params: { min: 0 } });
  else spreadPerHour = Number(sp);
  let sensitivity: number | null = null;
  const se = f.sensitivity.trim();
  if (se) {
    const n = Number(se);
    if (!Number.isFinite(n)) add('sensitivity', { key: 'validation.number' });
    else if (n < 0 || n > 1) add('sensitivity', { key: 'assessment.sensitivityRange' });
    else sensitivity = n;
  }
  const overrideSeverity = f.overrideSeverity || null;
  const overrideReason = f.overrideReason.trim() || null;
  if (overrideSeverity && !overrideReason) add('overrideReason', { key: 'assessment.reasonRequired' });
  if (f.overrideReason.length > 2000) add('overrideReason', { key: 'validation.maxLength', params: { max: 2000 } });
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    body: {
      affectedContent,
      exposure,
      spreadPerHour,
      ...(sensitivity !== null ? { sensitivity } : {}),
      minorsInvolved: f.minorsInvolved,
      ...(overrideSeverity ? { overrideSeverity, overrideReason } : {}),
    },
  };
}

/** 400 problem details → messages next to the form's fields, the rest in a box. */
export function mapAssessmentErrors(errors: Record<string, string[]>) {
  return mapFieldErrors(errors, [...ASSESSMENT_FIELDS]) as { byField: Partial<Record<AssessmentField, string[]>>; other: string[] };
}

/** Prefill from the latest assessment's input (the override is not carried over: it is a one-time decision). */
export function formFromAssessment(a: AssessmentView | null): AssessmentForm {
  const i = a?.input;
  if (!i) return EMPTY_FORM;
  const s = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return {
    ...EMPTY_FORM,
    affectedContent: s(i.affectedContent),
    exposure: s(i.exposure),
    spreadPerHour: s(i.spreadPerHour),
    sensitivity: s(i.sensitivity),
    minorsInvolved: !!i.minorsInvolved,
  };
}

/** Score bands of RiskModel (0–100), most severe first. */
export const BANDS: { min: number; severity: string }[] = [
  { min: 75, severity: 'S1' },
  { min: 55, severity: 'S2' },
  { min: 35, severity: 'S3' },
  { min: 0, severity: 'S4' },
];

export function bandOf(score: number): string {
  return (BANDS.find((b) => score >= b.min) ?? BANDS[BANDS.length - 1]!).severity;
}
