import { describe, expect, it } from 'vitest';
import { lineFromMessage, locatePath, locateProblems, parsePath } from '../../../src/features/workflows/locate';

const yaml = `# header comment
id: demo
start: discovery
selector:
  severities: [S1, S2]
  priority: high
activities:
  - id: discovery
    type: SetStage
    stage: discovery
  # between items
  - id: triage
    type: HumanTsk
    inputSchema:
      properties:
        severity: { enum: [S1, S2] }
  - { id: "close", type: Finish }
connections:
  - { source: discovery, target: triage }
  - source: triage
    outcome: Confirmed
    target: ghost
`;

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('path → line locator for definition problems', () => {
  it('reads the paths the API writes', () => {
    expect(parsePath('activities[3].type')).toEqual(['activities', 3, 'type']);
    expect(parsePath('$.selector.severities[0]')).toEqual(['selector', 'severities', 0]);
    expect(parsePath('$')).toEqual([]);
    expect(parsePath("activities[0]['input schema']")).toEqual(['activities', 0, 'input schema']);
  });

  it('finds members and list items in block and flow YAML', () => {
    expect(locatePath(yaml, 'yaml', 'start')).toMatchObject({ line: 3, exact: true });
    expect(locatePath(yaml, 'yaml', 'selector.priority')!.line).toBe(6);
    expect(locatePath(yaml, 'yaml', 'activities[1]')!.line).toBe(lineOf(yaml, '- id: triage'));
    expect(locatePath(yaml, 'yaml', 'activities[1].type')!.line).toBe(lineOf(yaml, 'HumanTsk'));
    expect(locatePath(yaml, 'yaml', 'activities[1].inputSchema.properties.severity')!.line).toBe(lineOf(yaml, 'severity: { enum'));
    expect(locatePath(yaml, 'yaml', 'activities[2].type')!.line).toBe(lineOf(yaml, '"close"'));
    expect(locatePath(yaml, 'yaml', 'connections[0].target')!.line).toBe(lineOf(yaml, '{ source: discovery'));
    expect(locatePath(yaml, 'yaml', 'connections[1].target')!.line).toBe(lineOf(yaml, 'target: ghost'));
    expect(locatePath(yaml, 'yaml', 'selector.severities[1]')!.line).toBe(5);
  });

  it('marks the part on its first line only', () => {
    const at = locatePath(yaml, 'yaml', 'activities[1].type')!;
    expect(yaml.slice(at.from, at.to)).toBe('type: HumanTsk');
    const item = locatePath(yaml, 'yaml', 'activities[1]')!;
    expect(yaml.slice(item.from, item.to)).toBe('id: triage');
  });

  it('finds members and items in JSON, minified or not', () => {
    const pretty = JSON.stringify({ id: 'x', start: 'a', activities: [{ id: 'a', type: 'SetStage' }, { id: 'b', type: 'Bad' }], connections: [{ source: 'a', target: 'b' }] }, null, 2);
    expect(locatePath(pretty, 'json', 'activities[1].type')!.line).toBe(lineOf(pretty, '"Bad"'));
    expect(locatePath(pretty, 'json', 'connections[0].target')!.line).toBe(lineOf(pretty, '"target": "b"'));
    const min = '{"id":"x",\n"activities":[{"id":"a"},{"id":"b","type":"Bad"}]}';
    const at = locatePath(min, 'json', 'activities[1].type')!;
    expect(at.line).toBe(2);
    expect(min.slice(at.from, at.to)).toBe('"type":"Bad"');
  });

  it('falls back to the nearest enclosing part the text has', () => {
    const at = locatePath(yaml, 'yaml', 'activities[1].condition')!;
    expect(at).toMatchObject({ line: lineOf(yaml, '- id: triage'), exact: false });
    expect(locatePath(yaml, 'yaml', 'nothing.here')).toBeNull();
    expect(locatePath(yaml, 'yaml', '$')).toBeNull();
    expect(locatePath('', 'yaml', 'start')).toBeNull();
  });

  it('reads the line of parser messages', () => {
    expect(lineFromMessage('YAML syntax error at line 7, column 3: While parsing a block mapping')).toBe(7);
    expect(lineFromMessage("JSON syntax error: ',' is invalid after a value. LineNumber: 4 | BytePositionInLine: 2.")).toBe(5);
    expect(lineFromMessage('unknown activity type')).toBeNull();
  });

  it('prefers a line the API sends, then the path, then the message, then the activity id', () => {
    const located = locateProblems(yaml, 'yaml', [
      { line: 2, path: 'start', message: 'given line wins' },
      { activityId: 'triage', path: 'activities[1].type', message: 'unknown activity type HumanTsk' },
      { path: '$', message: 'YAML syntax error at line 12, column 1: bad' },
      { activityId: 'close', message: 'no path' },
      { message: 'nowhere' },
    ]);
    expect(located.map((p) => p.line)).toEqual([2, lineOf(yaml, 'HumanTsk'), 12, lineOf(yaml, '"close"'), undefined]);
    expect(yaml.slice(located[3]!.from, located[3]!.to)).toBe('close');
  });
});
