import type { GraphLayout } from './layout';

/** The part of the graph the SVG shows (its viewBox), in layout units. */
export interface ViewBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const viewBoxAttr = (v: ViewBox) => `${round(v.x)} ${round(v.y)} ${round(v.w)} ${round(v.h)}`;
const round = (n: number) => Math.round(n * 100) / 100;

/** The bounds of every node, loop, wrapping edge and edge label, plus `pad` on each side: what "fit" shows. */
export function fitViewBox(layout: Pick<GraphLayout, 'nodes' | 'edges'>, pad = 16): ViewBox {
  if (layout.nodes.length === 0) return { x: 0, y: 0, w: 320, h: 120 };
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const n of layout.nodes) {
    x0 = Math.min(x0, n.x);
    y0 = Math.min(y0, n.y);
    x1 = Math.max(x1, n.x + n.width);
    y1 = Math.max(y1, n.y + n.height);
  }
  for (const e of layout.edges) {
    y1 = Math.max(y1, e.bottom);
    x0 = Math.min(x0, e.left);
    x1 = Math.max(x1, e.right);
    if (e.labels.length) y1 = Math.max(y1, e.labelY + 8);
  }
  return { x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad };
}

/** How much larger than at fit the graph is drawn (1 = fit). */
export const zoomOf = (v: ViewBox, fit: ViewBox) => fit.w / v.w;

export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 8;

/** Zoom by `factor` (> 1 zooms in) keeping the point (cx, cy) where it is; clamped to MIN_ZOOM…MAX_ZOOM of fit. */
export function zoomAt(v: ViewBox, fit: ViewBox, factor: number, cx = v.x + v.w / 2, cy = v.y + v.h / 2): ViewBox {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoomOf(v, fit) * factor));
  const w = fit.w / zoom;
  const h = (v.h / v.w) * w;
  const k = w / v.w;
  return { x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k, w, h };
}

export const panBy = (v: ViewBox, dx: number, dy: number): ViewBox => ({ ...v, x: v.x + dx, y: v.y + dy });

/** The same view moved just enough to show the box (a node reached with the keyboard), unchanged if it shows. */
export function revealBox(v: ViewBox, b: ViewBox, margin = 12): ViewBox {
  let { x, y } = v;
  if (b.x - margin < x) x = b.x - margin;
  else if (b.x + b.w + margin > x + v.w) x = b.x + b.w + margin - v.w;
  if (b.y - margin < y) y = b.y - margin;
  else if (b.y + b.h + margin > y + v.h) y = b.y + b.h + margin - v.h;
  return x === v.x && y === v.y ? v : { ...v, x, y };
}

/**
 * Layout units per screen pixel and the letterbox offsets of `preserveAspectRatio="xMidYMid meet"`, to turn a
 * pointer position into layout coordinates.
 */
export function toLayoutPoint(v: ViewBox, rect: { left: number; top: number; width: number; height: number }, clientX: number, clientY: number) {
  const scale = Math.min(rect.width / v.w, rect.height / v.h) || 1;
  const offX = (rect.width - v.w * scale) / 2;
  const offY = (rect.height - v.h * scale) / 2;
  return { x: v.x + (clientX - rect.left - offX) / scale, y: v.y + (clientY - rect.top - offY) / scale, scale };
}
