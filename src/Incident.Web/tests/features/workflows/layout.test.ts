import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../src/api/types';
import { findActivityInText, normaliseDefinition } from '../../../src/features/workflows/definition';
import { instanceOverlay, layoutWorkflow, type GraphLayout } from '../../../src/features/workflows/layout';

// The example from shared/WORKFLOWS.md.
const emergency: WorkflowDefinition = {
  id: 'emergency-response',
  start: 'discovery',
  activities: [
    { id: 'discovery', type: 'SetStage', stage: 'discovery' },
    { id: 'triage', type: 'HumanTask', action: 'triage' },
    { id: 'is-severe', type: 'Decision' },
    { id: 'review-handoff', type: 'RequestHandoff' },
    { id: 'escalate', type: 'Escalate' },
    { id: 'close', type: 'Finish' },
  ],
  connections: [
    { source: 'discovery', target: 'triage' },
    { source: 'triage', outcome: 'Confirmed', target: 'is-severe' },
    { source: 'triage', outcome: 'Dismissed', target: 'close' },
    { source: 'is-severe', outcome: 'True', target: 'review-handoff' },
    { source: 'is-severe', outcome: 'False', target: 'close' },
    { source: 'review-handoff', outcome: 'Accepted', target: 'close' },
    { source: 'review-handoff', outcome: 'Declined', target: 'escalate' },
    { source: 'review-handoff', outcome: 'Expired', target: 'escalate' },
    { source: 'escalate', target: 'close' },
  ],
};

function expectWellFormed(l: GraphLayout, def: WorkflowDefinition) {
  const ids = new Set(l.nodes.map((n) => n.id));
  expect([...ids].sort()).toEqual([...new Set(def.activities.map((a) => a.id))].sort());
  for (const n of l.nodes) {
    expect(Number.isFinite(n.x) && Number.isFinite(n.y)).toBe(true);
    expect(n.x + n.width).toBeLessThanOrEqual(l.width);
    expect(n.y + n.height).toBeLessThanOrEqual(l.height);
  }
  for (const e of l.edges) {
    expect(ids.has(e.source)).toBe(true);
    expect(ids.has(e.target)).toBe(true);
    expect(e.path).not.toContain('NaN');
  }
  // no two nodes overlap
  for (const a of l.nodes)
    for (const b of l.nodes)
      if (a !== b) expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true);
}

describe('workflow graph layout', () => {
  it('layers activities by longest path from start', () => {
    const l = layoutWorkflow(emergency);
    expectWellFormed(l, emergency);
    const layer = Object.fromEntries(l.nodes.map((n) => [n.id, n.layer]));
    expect(layer).toEqual({ discovery: 0, triage: 1, 'is-severe': 2, 'review-handoff': 3, escalate: 4, close: 5 });
    const x = Object.fromEntries(l.nodes.map((n) => [n.id, n.x]));
    expect(x.discovery).toBeLessThan(x.triage!);
    expect(x.escalate).toBeLessThan(x.close!);
  });

  it('merges outcomes of parallel connections into one labelled edge; default outcome is unlabelled', () => {
    const l = layoutWorkflow(emergency);
    const e = l.edges.find((x) => x.source === 'review-handoff' && x.target === 'escalate')!;
    expect(e.labels).toEqual(['Declined', 'Expired']);
    expect(l.edges.find((x) => x.source === 'discovery')!.labels).toEqual([]);
    expect(l.edges).toHaveLength(8);
    expect(l.edges.every((x) => !x.back)).toBe(true);
  });

  it('survives cycles (marked as back edges), unreachable activities and dangling connections', () => {
    const def: WorkflowDefinition = {
      id: 'loop',
      start: 'a',
      activities: [
        { id: 'a', type: 'SetStage' },
        { id: 'b', type: 'HumanTask' },
        { id: 'c', type: 'Delay' },
        { id: 'orphan', type: 'Notify' },
        { id: 'orphan2', type: 'Finish' },
        { id: 'a', type: 'Duplicate' },
      ],
      connections: [
        { source: 'a', target: 'b' },
        { source: 'b', outcome: 'Retry', target: 'c' },
        { source: 'c', target: 'b' },
        { source: 'b', outcome: 'Again', target: 'b' },
        { source: 'orphan', target: 'orphan2' },
        { source: 'orphan2', target: 'a' },
        { source: 'b', target: 'ghost' },
      ],
    };
    const l = layoutWorkflow(def);
    expectWellFormed(l, def);
    expect(l.nodes).toHaveLength(5);
    expect(l.edges.find((e) => e.source === 'c' && e.target === 'b')!.back).toBe(true);
    expect(l.edges.find((e) => e.source === 'b' && e.target === 'b')!.back).toBe(true);
    expect(l.dangling).toEqual([{ source: 'b', target: 'ghost' }]);
    const byId = Object.fromEntries(l.nodes.map((n) => [n.id, n]));
    expect(byId.orphan!.reachable).toBe(false);
    expect(byId.orphan!.layer).toBeGreaterThan(byId.c!.layer);
    expect(byId.orphan2!.layer).toBeGreaterThan(byId.orphan!.layer);
  });

  it('places parallel branches in one layer without overlap', () => {
    const def: WorkflowDefinition = {
      id: 'fork',
      start: 'f',
      activities: ['f', 'x', 'y', 'z', 'j'].map((id) => ({ id, type: id === 'f' ? 'Fork' : id === 'j' ? 'Join' : 'HumanTask' })),
      connections: [
        { source: 'f', outcome: 'X', target: 'x' },
        { source: 'f', outcome: 'Y', target: 'y' },
        { source: 'f', outcome: 'Z', target: 'z' },
        { source: 'x', target: 'j' },
        { source: 'y', target: 'j' },
        { source: 'z', target: 'j' },
      ],
    };
    const l = layoutWorkflow(def);
    expectWellFormed(l, def);
    expect(new Set(l.nodes.filter((n) => n.layer === 1).map((n) => n.id))).toEqual(new Set(['x', 'y', 'z']));
  });

  it('handles an empty or odd document', () => {
    expect(layoutWorkflow({ start: 'x', activities: [], connections: [] }).nodes).toEqual([]);
    const d = normaliseDefinition({ definition: { id: 'w', activities: [{ id: 'only', type: 'Finish' }, null, { type: 'NoId' }] }, version: 3 })!;
    expect(d.start).toBe('only');
    expect(d.version).toBe(3);
    expect(layoutWorkflow(d).nodes.map((n) => n.id)).toEqual(['only']);
  });

  it('derives the instance overlay from current activities, bookmarks and the journal', () => {
    const o = instanceOverlay({
      currentActivities: ['review-handoff', { activityId: 'other' }],
      bookmarks: [{ activityId: 'timer-1' }],
      journal: [{ activityId: 'discovery' }, { activityId: 'triage' }, { activityId: 'review-handoff' }],
    });
    expect([...o.current].sort()).toEqual(['other', 'review-handoff', 'timer-1']);
    expect([...o.done].sort()).toEqual(['discovery', 'triage']);
  });

  it('finds an activity id in YAML or JSON text for the problem list', () => {
    const yaml = 'start: triage\nactivities:\n  - id: discovery\n  - id: triage\n    type: HumanTask\n';
    const at = findActivityInText(yaml, 'triage')!;
    expect(yaml.slice(0, at.start)).toContain('- id: ');
    expect(yaml.slice(at.start, at.end)).toBe('triage');
    const json = '{"start":"triage","activities":[{"id": "triage"}]}';
    const j = findActivityInText(json, 'triage')!;
    expect(j.start).toBe(json.lastIndexOf('triage'));
  });
});
