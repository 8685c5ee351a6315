import type { JsonSchema } from '../../api/types';
import type { MsgKey } from '../../i18n/en';

// Turns a HumanTask `inputSchema` (JSON Schema subset: string, number, integer, boolean, enum,
// array of strings, required) into form fields, and form values back into the action input.

export type FieldKind = 'string' | 'text' | 'number' | 'integer' | 'boolean' | 'enum' | 'list' | 'json';

export interface EnumOption {
  key: string;
  value: unknown;
  label: string;
}

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: boolean;
  label: string;
  description?: string;
  options?: EnumOption[];
  schema: JsonSchema;
}

/** Raw form state: text for inputs/selects, booleans for checkboxes. */
export type FormValues = Record<string, string | boolean>;

export interface FieldError {
  key: MsgKey;
  params?: Record<string, string | number>;
}

const LONG_TEXT = /^(note|notes|comment|comments|reason|summary|description|details|body|text|message|explanation)$/i;

function primaryType(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  return s.type;
}

function kindOf(name: string, s: JsonSchema): FieldKind {
  if (Array.isArray(s.enum) && s.enum.length > 0) return 'enum';
  switch (primaryType(s)) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'array': {
      const it = s.items ?? {};
      const itemType = primaryType(it);
      return !itemType || itemType === 'string' ? 'list' : 'json';
    }
    case 'object':
      return 'json';
    case 'string':
    case undefined:
    default:
      if (s.format === 'textarea' || LONG_TEXT.test(name) || (s.maxLength !== undefined && s.maxLength > 300)) return 'text';
      return 'string';
  }
}

export function optionKey(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function fieldsFromSchema(schema: JsonSchema | null | undefined): FieldSpec[] {
  if (!schema || !schema.properties) return [];
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties).map(([name, s]): FieldSpec => {
    const kind = kindOf(name, s ?? {});
    return {
      name,
      kind,
      required: required.has(name),
      label: s?.title ?? name,
      description: s?.description,
      options: kind === 'enum' ? (s.enum ?? []).map((v) => ({ key: optionKey(v), value: v, label: String(v) })) : undefined,
      schema: s ?? {},
    };
  });
  // The outcome decides where the workflow goes next: ask it first.
  return [...fields.filter((f) => f.name === 'outcome'), ...fields.filter((f) => f.name !== 'outcome')];
}

export function initialValues(fields: FieldSpec[]): FormValues {
  const v: FormValues = {};
  for (const f of fields) {
    const d = f.schema.default;
    if (f.kind === 'boolean') v[f.name] = d === true;
    else if (d === undefined || d === null) v[f.name] = '';
    else if (f.kind === 'enum') v[f.name] = optionKey(d);
    else if (f.kind === 'list' && Array.isArray(d)) v[f.name] = d.map(String).join('\n');
    else if (f.kind === 'json') v[f.name] = JSON.stringify(d, null, 2);
    else v[f.name] = String(d);
  }
  return v;
}

function checkLength(s: JsonSchema, text: string): FieldError | null {
  if (s.minLength !== undefined && text.length < s.minLength) return { key: 'validation.minLength', params: { min: s.minLength } };
  if (s.maxLength !== undefined && text.length > s.maxLength) return { key: 'validation.maxLength', params: { max: s.maxLength } };
  if (s.pattern) {
    try {
      if (!new RegExp(s.pattern, 'u').test(text)) return { key: 'validation.pattern' };
    } catch {
      /* a pattern the browser cannot compile is the server's to check */
    }
  }
  return null;
}

function checkRange(s: JsonSchema, n: number): FieldError | null {
  if (s.minimum !== undefined && n < s.minimum) return { key: 'validation.min', params: { min: s.minimum } };
  if (s.maximum !== undefined && n > s.maximum) return { key: 'validation.max', params: { max: s.maximum } };
  return null;
}

/**
 * Validate raw values against the fields; returns the input object to send (optional empty fields
 * left out) and the first error per field.
 */
export function validateForm(fields: FieldSpec[], values: FormValues): { input: Record<string, unknown>; errors: Record<string, FieldError> } {
  const input: Record<string, unknown> = {};
  const errors: Record<string, FieldError> = {};
  for (const f of fields) {
    const raw = values[f.name];
    if (f.kind === 'boolean') {
      if (raw === true || f.required) input[f.name] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw : '';
    const blank = text.trim() === '';
    if (blank) {
      if (f.required) errors[f.name] = { key: 'validation.required' };
      continue;
    }
    switch (f.kind) {
      case 'enum': {
        const opt = f.options?.find((o) => o.key === text);
        if (!opt) errors[f.name] = { key: 'validation.enum' };
        else input[f.name] = opt.value;
        break;
      }
      case 'number':
      case 'integer': {
        const n = Number(text.trim());
        if (!Number.isFinite(n)) errors[f.name] = { key: 'validation.number' };
        else if (f.kind === 'integer' && !Number.isInteger(n)) errors[f.name] = { key: 'validation.integer' };
        else {
          const e = checkRange(f.schema, n);
          if (e) errors[f.name] = e;
          else input[f.name] = n;
        }
        break;
      }
      case 'list': {
        const items = text
          .split(/\r?\n/)
          .map((x) => x.trim())
          .filter(Boolean);
        const s = f.schema;
        const itemSchema = s.items ?? {};
        const itemErr = items.map((i) => checkLength(itemSchema, i)).find(Boolean);
        if (s.minItems !== undefined && items.length < s.minItems) errors[f.name] = { key: 'validation.minItems', params: { min: s.minItems } };
        else if (s.maxItems !== undefined && items.length > s.maxItems) errors[f.name] = { key: 'validation.maxItems', params: { max: s.maxItems } };
        else if (itemErr) errors[f.name] = itemErr;
        else input[f.name] = items;
        break;
      }
      case 'json': {
        try {
          input[f.name] = JSON.parse(text);
        } catch {
          errors[f.name] = { key: 'validation.json' };
        }
        break;
      }
      default: {
        const e = checkLength(f.schema, text);
        if (e) errors[f.name] = e;
        else input[f.name] = text;
      }
    }
  }
  return { input, errors };
}
