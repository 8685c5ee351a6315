import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../src/api/types';
import { layoutWorkflow } from '../../../src/features/workflows/layout';
import { fitViewBox, viewBoxAttr } from '../../../src/features/workflows/viewport';
import { WorkflowGraph, wrapLabel } from '../../../src/features/workflows/WorkflowGraph';
import { renderWithApp } from '../../render';

const def: WorkflowDefinition = {
  id: 'emergency-response',
  start: 'discovery',
  activities: [
    { id: 'discovery', type: 'SetStage', stage: 'discovery' },
    { id: 'triage', type: 'HumanTask', label: { en: 'Confirm category and severity', 'zh-CN': '确认类别和严重程度' } },
    { id: 'review-handoff', type: 'RequestHandoff', toDepartment: 'review-ops', displayName: 'Ask review ops to check' },
    { id: 'remember-partner', type: 'SetVariable', name: 'partnerDepartment' },
    { id: 'close', type: 'Finish' },
  ],
  connections: [
    { source: 'discovery', target: 'triage' },
    { source: 'triage', outcome: 'Confirmed', target: 'review-handoff' },
    { source: 'review-handoff', outcome: 'Accepted', target: 'remember-partner' },
    { source: 'remember-partner', target: 'close' },
  ],
};

const node = (id: string) => screen.getAllByTestId('workflow-node').find((n) => n.getAttribute('data-activity-id') === id)!;
const nodeText = (id: string) => [...node(id).querySelectorAll('text.wf-node-label')].map((t) => t.textContent!.trim()).join(' ');
const viewBox = () => screen.getByTestId('workflow-graph').getAttribute('viewBox')!;

describe('WorkflowGraph', () => {
  it('shows the definition\'s labels, not the activity ids', () => {
    renderWithApp(<WorkflowGraph definition={def} />);
    expect(nodeText('triage')).toBe('Confirm category and severity');
    expect(nodeText('review-handoff')).toBe('Ask review ops to check');
    expect(nodeText('discovery')).toBe('Stage: Discovery');
    expect(nodeText('remember-partner')).toBe('Set partnerDepartment');
    expect(nodeText('close')).toBe('Close');
    expect(node('triage').querySelector('.wf-node-type')!.textContent).toBe('Human task');
    for (const n of screen.getAllByTestId('workflow-node')) expect(n.querySelector('.wf-node-label')!.textContent!.trim()).not.toBe(n.getAttribute('data-activity-id'));
    expect(node('triage').getAttribute('aria-label')).toBeNull();
    expect(node('triage').textContent).toBe('Confirm category and severity Human task');
    expect(node('triage').getAttribute('aria-description')).toBe('Confirm category and severity — Human task · triage');
  });

  it('shows localized labels in Chinese', () => {
    renderWithApp(<WorkflowGraph definition={def} />, { lang: 'zh-CN' });
    expect(nodeText('triage')).toBe('确认类别和严重程度');
    expect(node('triage').querySelector('.wf-node-type')!.textContent).toBe('人工任务');
    expect(nodeText('discovery')).toBe('阶段：发现');
  });

  it('wraps long labels on two lines, Chinese by width', () => {
    expect(wrapLabel('Governance missed its targets - revise the rules or close', 24, 2)).toEqual(['Governance missed its', 'targets - revise the…']);
    expect(wrapLabel('确认类别和严重程度并通知合作部门进行复核', 24, 2)).toEqual(['确认类别和严重程度并通知', '合作部门进行复核']);
    expect(wrapLabel('Short')).toEqual(['Short']);
  });

  it('fits the whole graph by default: the viewBox is the node bounds', () => {
    renderWithApp(<WorkflowGraph definition={def} />);
    const svg = screen.getByTestId('workflow-graph');
    expect(viewBox()).toBe(viewBoxAttr(fitViewBox(layoutWorkflow(def))));
    expect(svg.getAttribute('width')).toBe('100%');
    expect(svg.getAttribute('preserveAspectRatio')).toBe('xMidYMid meet');
    expect(svg.getAttribute('height')).toBeNull();
  });

  it('zooms and pans with the buttons, the wheel and the keyboard, and fits again', async () => {
    const user = userEvent.setup();
    renderWithApp(<WorkflowGraph definition={def} />);
    const fit = viewBox();
    const [, , fw] = fit.split(' ').map(Number);
    await user.click(screen.getByRole('button', { name: 'Zoom in' }));
    const [, , w1] = viewBox().split(' ').map(Number);
    expect(w1).toBeCloseTo(fw! / 1.25, 1);
    expect(screen.getByTestId('graph-zoom').textContent).toBe('125%');
    await user.click(screen.getByRole('button', { name: 'Zoom out' }));
    await user.click(screen.getByRole('button', { name: 'Zoom out' }));
    expect(screen.getByTestId('graph-zoom').textContent).toBe('80%');
    await user.click(screen.getByTestId('graph-fit'));
    expect(viewBox()).toBe(fit);

    fireEvent.wheel(screen.getByTestId('workflow-graph'), { deltaY: -100, clientX: 0, clientY: 0 });
    expect(viewBox()).not.toBe(fit);

    const viewport = screen.getByRole('region', { name: /Workflow graph/ });
    viewport.focus();
    await user.keyboard('0');
    expect(viewBox()).toBe(fit);
    await user.keyboard('+');
    const zoomed = viewBox().split(' ').map(Number);
    await user.keyboard('{ArrowRight}');
    const panned = viewBox().split(' ').map(Number);
    expect(panned[0]).toBeGreaterThan(zoomed[0]!);
    expect(panned[2]).toBe(zoomed[2]);
    await user.keyboard('-0');
    expect(viewBox()).toBe(fit);
  });

  it('pans by dragging without selecting the node it started on', () => {
    const picked: string[] = [];
    renderWithApp(<WorkflowGraph definition={def} onSelect={(id) => picked.push(id)} />);
    const svg = screen.getByTestId('workflow-graph');
    const before = viewBox();
    fireEvent.pointerDown(svg, { pointerId: 1, button: 0, clientX: 100, clientY: 100 });
    fireEvent.pointerMove(svg, { pointerId: 1, clientX: 60, clientY: 100 });
    fireEvent.pointerUp(svg, { pointerId: 1, clientX: 60, clientY: 100 });
    fireEvent.click(node('triage'));
    expect(viewBox()).not.toBe(before);
    expect(picked).toEqual([]);
    fireEvent.click(node('triage'));
    expect(picked).toEqual(['triage']);
  });

  it('marks where an instance stands: current activities, the done ones and the path taken', () => {
    renderWithApp(<WorkflowGraph definition={def} highlight={{ current: new Set(['review-handoff']), done: new Set(['discovery', 'triage']) }} />);
    expect(node('review-handoff').getAttribute('data-state')).toBe('current');
    expect(node('review-handoff').getAttribute('class')).toContain('wf-current');
    expect(node('triage').getAttribute('data-state')).toBe('done');
    expect(node('close').getAttribute('data-state')).toBeNull();
    expect(node('triage').getAttribute('aria-description')).toContain('done');
    expect(within(node('triage')).getByText(/✓/)).toBeTruthy();
    const taken = screen.getAllByTestId('workflow-edge').filter((e) => e.getAttribute('data-taken')).map((e) => `${e.getAttribute('data-source')}->${e.getAttribute('data-target')}`);
    expect(taken).toEqual(['discovery->triage', 'triage->review-handoff']);
  });
});
