import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../../src/api/types';
import { layoutWorkflow } from '../../../src/features/workflows/layout';
import { MAX_ZOOM, MIN_ZOOM, fitViewBox, revealBox, toLayoutPoint, zoomAt, zoomOf } from '../../../src/features/workflows/viewport';

const chain = (n: number): WorkflowDefinition => ({
  id: 'long',
  start: 'a0',
  activities: Array.from({ length: n }, (_, i) => ({ id: `a${i}`, type: 'HumanTask' })),
  connections: Array.from({ length: n - 1 }, (_, i) => ({ source: `a${i}`, target: `a${i + 1}` })),
});

describe('graph viewport', () => {
  it('fits the view to the bounds of the nodes plus padding', () => {
    const l = layoutWorkflow(chain(3));
    const v = fitViewBox(l, 10);
    const minX = Math.min(...l.nodes.map((n) => n.x));
    const maxX = Math.max(...l.nodes.map((n) => n.x + n.width));
    const minY = Math.min(...l.nodes.map((n) => n.y));
    const maxY = Math.max(...l.nodes.map((n) => n.y + n.height));
    expect(v).toEqual({ x: minX - 10, y: minY - 10, w: maxX - minX + 20, h: maxY - minY + 20 });
  });

  it('keeps loops under the nodes inside the fitted view', () => {
    const def = chain(3);
    def.connections.push({ source: 'a2', outcome: 'Again', target: 'a0' });
    const l = layoutWorkflow(def);
    const v = fitViewBox(l, 0);
    const loop = l.edges.find((e) => e.back)!;
    expect(v.y + v.h).toBeGreaterThanOrEqual(loop.bottom);
    expect(v.y + v.h).toBeGreaterThan(Math.max(...l.nodes.map((n) => n.y + n.height)));
  });

  it('fits a long workflow into a 1440 px wide page: every node inside the view', () => {
    const screen = { left: 0, top: 0, width: 1100, height: 600 };
    const oneRow = layoutWorkflow(chain(16), { layersPerRow: Infinity });
    expect(oneRow.width).toBeGreaterThan(1440);
    for (const l of [oneRow, layoutWorkflow(chain(16))]) {
      const v = fitViewBox(l);
      const { scale } = toLayoutPoint(v, screen, 0, 0);
      expect(v.w * scale).toBeLessThanOrEqual(1100 + 1e-6);
      expect(v.h * scale).toBeLessThanOrEqual(600 + 1e-6);
      for (const n of l.nodes) {
        expect(n.x).toBeGreaterThanOrEqual(v.x);
        expect(n.x + n.width).toBeLessThanOrEqual(v.x + v.w);
        expect(n.y + n.height).toBeLessThanOrEqual(v.y + v.h);
      }
    }
  });

  it('wraps a long workflow onto rows so that it is drawn larger when fitted', () => {
    const screen = { left: 0, top: 0, width: 1100, height: 600 };
    const scaleOf = (l: ReturnType<typeof layoutWorkflow>) => toLayoutPoint(fitViewBox(l), screen, 0, 0).scale;
    const wrapped = layoutWorkflow(chain(16));
    expect(Math.max(...wrapped.nodes.map((n) => n.row))).toBeGreaterThan(0);
    expect(scaleOf(wrapped)).toBeGreaterThan(2 * scaleOf(layoutWorkflow(chain(16), { layersPerRow: Infinity })));
    // Reading order stays: left to right within a row, rows top to bottom.
    const byId = Object.fromEntries(wrapped.nodes.map((n) => [n.id, n]));
    for (let i = 1; i < 16; i++) {
      const a = byId[`a${i - 1}`]!;
      const b = byId[`a${i}`]!;
      expect(b.row > a.row || (b.row === a.row && b.x > a.x)).toBe(true);
    }
    const wrap = wrapped.edges.find((e) => byId[e.target]!.row > byId[e.source]!.row)!;
    expect(wrap.back).toBe(false);
    expect(wrap.path).not.toContain('NaN');
    // A short workflow stays on one row.
    expect(layoutWorkflow(chain(4)).nodes.every((n) => n.row === 0)).toBe(true);
  });

  it('zooms around a point and stays within the zoom limits', () => {
    const fit = { x: 0, y: 0, w: 1000, h: 500 };
    const z = zoomAt(fit, fit, 2, 250, 100);
    expect(z).toEqual({ x: 125, y: 50, w: 500, h: 250 });
    expect(zoomOf(z, fit)).toBe(2);
    let v = fit;
    for (let i = 0; i < 50; i++) v = zoomAt(v, fit, 1.25);
    expect(zoomOf(v, fit)).toBeCloseTo(MAX_ZOOM);
    for (let i = 0; i < 50; i++) v = zoomAt(v, fit, 0.8);
    expect(zoomOf(v, fit)).toBeCloseTo(MIN_ZOOM);
  });

  it('moves the view just enough to reveal a node reached with the keyboard', () => {
    const v = { x: 0, y: 0, w: 400, h: 200 };
    expect(revealBox(v, { x: 20, y: 20, w: 100, h: 50 })).toBe(v);
    expect(revealBox(v, { x: 500, y: 20, w: 100, h: 50 })).toEqual({ x: 212, y: 0, w: 400, h: 200 });
  });

  it('turns a pointer position into layout coordinates under letterboxing', () => {
    const v = { x: 100, y: 0, w: 200, h: 100 };
    // 400 × 400 element: scale 2, the 200-unit-high picture is centred vertically (100 px bands).
    const p = toLayoutPoint(v, { left: 0, top: 0, width: 400, height: 400 }, 200, 200);
    expect(p).toEqual({ x: 200, y: 50, scale: 2 });
  });
});
