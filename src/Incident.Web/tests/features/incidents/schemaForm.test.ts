import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../src/api/types';
import { fieldsFromSchema, initialValues, validateForm } from '../../../src/features/incidents/schemaForm';

const schema: JsonSchema = {
  type: 'object',
  required: ['severity', 'outcome', 'reviewers'],
  properties: {
    severity: { enum: ['S1', 'S2', 'S3', 'S4'] },
    note: { type: 'string', maxLength: 20 },
    affected: { type: 'integer', minimum: 0 },
    exposure: { type: 'number' },
    takedown: { type: 'boolean' },
    reviewers: { type: 'array', items: { type: 'string' } },
    outcome: { type: 'string', enum: ['Confirmed', 'Dismissed'] },
  },
};

describe('schema form generation', () => {
  it('makes one field per property, with kinds, required flags and the outcome first', () => {
    const fields = fieldsFromSchema(schema);
    expect(fields.map((f) => f.name)).toEqual(['outcome', 'severity', 'note', 'affected', 'exposure', 'takedown', 'reviewers']);
    const kind = Object.fromEntries(fields.map((f) => [f.name, f.kind]));
    expect(kind).toEqual({
      outcome: 'enum',
      severity: 'enum',
      note: 'text',
      affected: 'integer',
      exposure: 'number',
      takedown: 'boolean',
      reviewers: 'list',
    });
    const required = fields.filter((f) => f.required).map((f) => f.name);
    expect(required.sort()).toEqual(['outcome', 'reviewers', 'severity']);
    expect(fields.find((f) => f.name === 'severity')!.options!.map((o) => o.key)).toEqual(['S1', 'S2', 'S3', 'S4']);
  });

  it('has no fields without a schema or properties', () => {
    expect(fieldsFromSchema(undefined)).toEqual([]);
    expect(fieldsFromSchema({ type: 'object' })).toEqual([]);
  });

  it('reports missing required fields and builds nothing for them', () => {
    const fields = fieldsFromSchema(schema);
    const { input, errors } = validateForm(fields, initialValues(fields));
    expect(Object.keys(errors).sort()).toEqual(['outcome', 'reviewers', 'severity']);
    expect(errors.severity!.key).toBe('validation.required');
    expect(input).toEqual({});
  });

  it('converts valid values to typed input and leaves empty optional fields out', () => {
    const fields = fieldsFromSchema(schema);
    const { input, errors } = validateForm(fields, {
      ...initialValues(fields),
      outcome: 'Confirmed',
      severity: 'S2',
      affected: '12',
      takedown: true,
      reviewers: 'alice\n\n bob \n',
    });
    expect(errors).toEqual({});
    expect(input).toEqual({ outcome: 'Confirmed', severity: 'S2', affected: 12, takedown: true, reviewers: ['alice', 'bob'] });
  });

  it('rejects values outside the enum, non-integers, numbers below minimum and long strings', () => {
    const fields = fieldsFromSchema(schema);
    const { errors } = validateForm(fields, {
      outcome: 'Maybe',
      severity: 'S9',
      affected: '1.5',
      exposure: 'abc',
      note: 'x'.repeat(21),
      reviewers: 'a',
      takedown: false,
    });
    expect(errors.outcome!.key).toBe('validation.enum');
    expect(errors.severity!.key).toBe('validation.enum');
    expect(errors.affected!.key).toBe('validation.integer');
    expect(errors.exposure!.key).toBe('validation.number');
    expect(errors.note).toEqual({ key: 'validation.maxLength', params: { max: 20 } });
    const below = validateForm(fields, { outcome: 'Confirmed', severity: 'S1', reviewers: 'a', affected: '-1' });
    expect(below.errors.affected).toEqual({ key: 'validation.min', params: { min: 0 } });
  });

  it('uses defaults, handles nullable types and non-string enums', () => {
    const fields = fieldsFromSchema({
      type: 'object',
      properties: {
        level: { enum: [1, 2, 3], default: 2 },
        reason: { type: ['string', 'null'], default: 'flood' },
        notify: { type: 'boolean', default: true },
      },
    });
    const values = initialValues(fields);
    expect(values).toEqual({ level: '2', reason: 'flood', notify: true });
    expect(validateForm(fields, values).input).toEqual({ level: 2, reason: 'flood', notify: true });
  });
});
