import type { WorkflowActivity, WorkflowConnection, WorkflowDefinition } from '../../api/types';

// Layered layout for a workflow flowchart: each activity's layer is its longest path from `start`
// (back edges of cycles ignored), left to right; order within a layer by barycenter of predecessors.

export interface LayoutNode {
  id: string;
  type: string;
  activity: WorkflowActivity;
  layer: number;
  order: number;
  /** Row of a wrapped layout (0 when the workflow fits on one). */
  row: number;
  x: number;
  y: number;
  width: number;
  height: number;
  reachable: boolean;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  /** Outcomes sharing this source → target ("Declined", "Expired"); empty for the default `Done`. */
  labels: string[];
  back: boolean;
  path: string;
  labelX: number;
  labelY: number;
  /** The lowest point the curve reaches (loops dip under the nodes), for fitting the view. */
  bottom: number;
  /** Leftmost and rightmost points (edges wrapping to the next row run outside the nodes). */
  left: number;
  right: number;
}

export interface GraphLayout {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  width: number;
  height: number;
  /** Connections naming an activity that does not exist (drafts can have them). */
  dangling: WorkflowConnection[];
}

export interface LayoutOptions {
  nodeWidth?: number;
  nodeHeight?: number;
  gapX?: number;
  gapY?: number;
  margin?: number;
  /**
   * Layers per row: long workflows wrap onto several rows so that, fitted to a screen, their labels stay readable.
   * Default: the count that gives the largest scale in `fitInto` (1100 × 600, a 1440 px page's graph panel); `Infinity`: one row.
   */
  layersPerRow?: number;
  fitInto?: { width: number; height: number };
}

type Def = Pick<WorkflowDefinition, 'start' | 'activities' | 'connections'>;

export function layoutWorkflow(def: Def, opts: LayoutOptions = {}): GraphLayout {
  const W = opts.nodeWidth ?? 180;
  const H = opts.nodeHeight ?? 64;
  const GX = opts.gapX ?? 90;
  const GY = opts.gapY ?? 36;
  const M = opts.margin ?? 24;

  const activities: WorkflowActivity[] = [];
  const index = new Map<string, number>();
  for (const a of Array.isArray(def.activities) ? def.activities : []) {
    if (!a || typeof a.id !== 'string' || index.has(a.id)) continue;
    index.set(a.id, activities.length);
    activities.push(a);
  }

  // One edge per source → target pair; its outcomes become the label.
  const dangling: WorkflowConnection[] = [];
  const pairs = new Map<string, { source: string; target: string; labels: string[] }>();
  for (const c of Array.isArray(def.connections) ? def.connections : []) {
    if (!c || !index.has(c.source) || !index.has(c.target)) {
      if (c) dangling.push(c);
      continue;
    }
    const key = `${c.source}\u0000${c.target}`;
    const p = pairs.get(key) ?? { source: c.source, target: c.target, labels: [] };
    const label = c.outcome && c.outcome !== 'Done' ? String(c.outcome) : '';
    if (label && !p.labels.includes(label)) p.labels.push(label);
    pairs.set(key, p);
  }
  const out = new Map<string, string[]>(activities.map((a) => [a.id, []]));
  for (const p of pairs.values()) out.get(p.source)!.push(p.target);

  // Back edges: an edge into a node still on the DFS stack closes a cycle.
  const back = new Set<string>();
  const state = new Map<string, 1 | 2>();
  const dfs = (root: string) => {
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const succ = out.get(top.id)!;
      if (top.next >= succ.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const v = succ[top.next++]!;
      const s = state.get(v);
      if (s === 1) back.add(`${top.id}\u0000${v}`);
      else if (s === undefined) {
        state.set(v, 1);
        stack.push({ id: v, next: 0 });
      }
    }
  };
  const start = index.has(def.start) ? def.start : activities[0]?.id;
  if (start) dfs(start);
  const reachable = new Set(state.keys());
  for (const a of activities) if (!state.has(a.id)) dfs(a.id);

  // Longest path over the DAG (Kahn), reachable part first, the unreachable part after it.
  const layer = new Map<string, number>();
  const longest = (ids: string[], base: number) => {
    const set = new Set(ids);
    const indeg = new Map(ids.map((id) => [id, 0]));
    const fwd = (u: string) => out.get(u)!.filter((v) => set.has(v) && !back.has(`${u}\u0000${v}`));
    for (const u of ids) for (const v of fwd(u)) indeg.set(v, indeg.get(v)! + 1);
    const queue = ids.filter((id) => indeg.get(id) === 0);
    for (const id of queue) layer.set(id, base);
    while (queue.length) {
      const u = queue.shift()!;
      for (const v of fwd(u)) {
        layer.set(v, Math.max(layer.get(v) ?? base, layer.get(u)! + 1));
        indeg.set(v, indeg.get(v)! - 1);
        if (indeg.get(v) === 0) queue.push(v);
      }
    }
    for (const id of ids) if (!layer.has(id)) layer.set(id, base); // defensive: never leave a node unplaced
  };
  const reachIds = activities.map((a) => a.id).filter((id) => reachable.has(id));
  longest(reachIds, 0);
  const restIds = activities.map((a) => a.id).filter((id) => !reachable.has(id));
  if (restIds.length) longest(restIds, reachIds.length ? Math.max(...reachIds.map((id) => layer.get(id)!)) + 1 : 0);

  // Order within layers: document order, then two barycenter sweeps over predecessors.
  const layers: string[][] = [];
  for (const a of activities) (layers[layer.get(a.id)!] ??= []).push(a.id);
  for (let i = 0; i < layers.length; i++) layers[i] ??= [];
  const preds = new Map<string, string[]>(activities.map((a) => [a.id, []]));
  for (const p of pairs.values()) if (!back.has(`${p.source}\u0000${p.target}`)) preds.get(p.target)!.push(p.source);
  const pos = new Map<string, number>();
  const setPos = () => layers.forEach((l) => l.forEach((id, i) => pos.set(id, i)));
  setPos();
  for (let sweep = 0; sweep < 2; sweep++) {
    for (let i = 1; i < layers.length; i++) {
      const bary = (id: string) => {
        const ps = preds.get(id)!.filter((p) => layer.get(p)! < i);
        return ps.length ? ps.reduce((s, p) => s + pos.get(p)!, 0) / ps.length : pos.get(id)!;
      };
      const withKey = layers[i]!.map((id) => ({ id, k: bary(id), o: pos.get(id)! }));
      withKey.sort((a, b) => a.k - b.k || a.o - b.o);
      layers[i] = withKey.map((x) => x.id);
      setPos();
    }
  }

  const maxCount = Math.max(1, ...layers.map((l) => l.length));
  const colHeight = maxCount * H + (maxCount - 1) * GY;
  const RG = 70; // between rows: room for the edges that wrap to the next row
  const rowWidth = (k: number) => k * W + Math.max(0, k - 1) * GX;
  const rowsFor = (k: number) => Math.max(1, Math.ceil(layers.length / k));
  const perRow = (() => {
    if (opts.layersPerRow !== undefined) return Math.max(1, Math.min(opts.layersPerRow, Math.max(1, layers.length)));
    const box = opts.fitInto ?? { width: 1100, height: 600 };
    const scaleFor = (k: number) => {
      const rows = rowsFor(k);
      return Math.min(box.width / (rowWidth(k) + 2 * M), box.height / (rows * colHeight + (rows - 1) * RG + 2 * M + 40));
    };
    let best = Math.max(1, layers.length);
    let bestScale = scaleFor(best);
    // One row while its labels stay readable when fitted; wrapping only for the long ones.
    if (bestScale >= 0.7) return best;
    for (let k = best - 1; k >= Math.min(3, best); k--) {
      const scale = scaleFor(k);
      if (scale > bestScale * 1.05) {
        best = k;
        bestScale = scale;
      }
    }
    return best;
  })();
  const rowTop = (r: number) => M + r * (colHeight + RG);
  const nodes: LayoutNode[] = [];
  const byId = new Map<string, LayoutNode>();
  layers.forEach((ids, li) => {
    const h = ids.length * H + Math.max(0, ids.length - 1) * GY;
    const row = Math.floor(li / perRow);
    const col = li % perRow;
    const top = rowTop(row) + (colHeight - h) / 2;
    ids.forEach((id, oi) => {
      const activity = activities[index.get(id)!]!;
      const n: LayoutNode = {
        id,
        type: String(activity.type ?? ''),
        activity,
        layer: li,
        order: oi,
        row,
        x: M + col * (W + GX),
        y: top + oi * (H + GY),
        width: W,
        height: H,
        reachable: reachable.has(id),
      };
      nodes.push(n);
      byId.set(id, n);
    });
  });

  const rows = rowsFor(perRow);
  const height = rowTop(rows - 1) + colHeight + M + 40; // room below for back edges
  const edges: LayoutEdge[] = [...pairs.values()].map((p) => {
    const s = byId.get(p.source)!;
    const t = byId.get(p.target)!;
    const isBack = back.has(`${p.source}\u0000${p.target}`) || t.layer <= s.layer;
    let path: string;
    let labelX: number;
    let labelY: number;
    let bottom: number;
    let left = Math.min(s.x, t.x);
    let right = Math.max(s.x + s.width, t.x + t.width);
    if (!isBack && t.row > s.row) {
      // Wraps: out to the right, along the gap under the source's row, down the column gap before the target.
      const x1 = s.x + s.width;
      const y1 = s.y + s.height / 2;
      const x2 = t.x;
      const y2 = t.y + t.height / 2;
      const g = rowTop(s.row) + colHeight + RG / 2;
      const xs = x1 + GX / 3;
      const xt = x2 - GX / 3;
      path = `M ${x1} ${y1} C ${xs} ${y1}, ${xs} ${y1}, ${xs} ${Math.min(g, y1 + 12)} L ${xs} ${g - 8} Q ${xs} ${g}, ${xs - 8} ${g} L ${xt + 8} ${g} Q ${xt} ${g}, ${xt} ${g + 8} L ${xt} ${y2 - 8} Q ${xt} ${y2}, ${x2} ${y2}`;
      labelX = (xs + xt) / 2;
      labelY = g;
      bottom = Math.max(y2, g);
      left = Math.min(left, xt);
      right = Math.max(right, xs);
    } else if (!isBack) {
      const x1 = s.x + s.width;
      const y1 = s.y + s.height / 2;
      const x2 = t.x;
      const y2 = t.y + t.height / 2;
      const dx = Math.max(30, (x2 - x1) / 2);
      path = `M ${x1} ${y1} C ${x1 + dx} ${y1}, ${x2 - dx} ${y2}, ${x2} ${y2}`;
      labelX = (x1 + x2) / 2;
      labelY = (y1 + y2) / 2;
      bottom = Math.max(y1, y2);
    } else {
      // Loops go back under the nodes.
      const x1 = s.x + s.width / 2;
      const y1 = s.y + s.height;
      const x2 = t.x + t.width / 2;
      const y2 = t.y + t.height;
      const dip = Math.max(y1, y2) + 30 + Math.abs(s.layer - t.layer) * 4;
      path = s.id === t.id
        ? `M ${s.x + s.width - 20} ${y1} C ${s.x + s.width} ${y1 + 40}, ${s.x + 20} ${y1 + 40}, ${s.x + 20} ${y1}`
        : `M ${x1} ${y1} C ${x1} ${dip}, ${x2} ${dip}, ${x2} ${y2}`;
      labelX = (x1 + x2) / 2;
      labelY = dip - 8;
      bottom = s.id === t.id ? y1 + 32 : dip;
    }
    return { id: `${p.source}->${p.target}`, source: p.source, target: p.target, labels: p.labels, back: isBack, path, labelX, labelY, bottom, left, right };
  });

  const width = M * 2 + rowWidth(Math.max(1, Math.min(perRow, layers.length)));
  return { nodes, edges, width, height, dangling };
}

/** Current and done activity ids from a workflow instance view (shape partly open in the contract). */
export function instanceOverlay(inst: {
  currentActivities?: (string | { activityId?: string; id?: string })[];
  bookmarks?: { activityId?: string }[];
  journal?: { activityId?: string }[];
}): { current: Set<string>; done: Set<string> } {
  const current = new Set<string>();
  for (const c of inst.currentActivities ?? []) {
    const id = typeof c === 'string' ? c : (c?.activityId ?? c?.id);
    if (id) current.add(id);
  }
  for (const b of inst.bookmarks ?? []) if (b?.activityId) current.add(b.activityId);
  const done = new Set<string>();
  for (const j of inst.journal ?? []) if (j?.activityId && !current.has(j.activityId)) done.add(j.activityId);
  return { current, done };
}
