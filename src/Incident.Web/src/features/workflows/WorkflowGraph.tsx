import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { WorkflowDefinition } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { activityLabel, activityTypeLabel } from './labels';
import { layoutWorkflow } from './layout';
import { fitViewBox, panBy, revealBox, toLayoutPoint, viewBoxAttr, zoomAt, zoomOf, type ViewBox } from './viewport';

export interface GraphHighlight {
  current?: Set<string>;
  done?: Set<string>;
  problem?: Set<string>;
}

const TYPE_CLASS: Record<string, string> = {
  SetStage: 'stage',
  HumanTask: 'human',
  RequestHandoff: 'handoff',
  Delay: 'timer',
  AwaitSignal: 'timer',
  AwaitGovernanceEffect: 'timer',
  Decision: 'branch',
  Switch: 'branch',
  Fork: 'branch',
  Join: 'branch',
  Escalate: 'escalate',
  Notify: 'notify',
  SetVariable: 'var',
  Finish: 'finish',
};

/** Wide characters (CJK) count twice, so a line of Chinese breaks where it would overflow the node. */
const units = (s: string) => [...s].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);

/** The label in at most `lines` lines of about `max` units, breaking at spaces where it can; the last ends with … if cut. */
export function wrapLabel(text: string, max = 24, lines = 2): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest && out.length < lines) {
    if (units(rest) <= max) {
      out.push(rest);
      rest = '';
      break;
    }
    let cut = 0;
    let used = 0;
    const chars = [...rest];
    while (cut < chars.length && used + units(chars[cut]!) <= max) used += units(chars[cut++]!);
    const head = chars.slice(0, cut).join('');
    const space = head.lastIndexOf(' ');
    const line = space > max / 3 ? head.slice(0, space) : head;
    out.push(line);
    rest = rest.slice(line.length).trimStart();
  }
  if (rest && out.length) {
    const last = [...out[out.length - 1]!];
    while (last.length && units(last.join('')) > max - 1) last.pop();
    out[out.length - 1] = `${last.join('').trimEnd()}…`;
  }
  return out;
}

const ZOOM_STEP = 1.25;

export function WorkflowGraph({
  definition,
  highlight = {},
  selected,
  onSelect,
}: {
  definition: Pick<WorkflowDefinition, 'id' | 'start' | 'activities' | 'connections'> & { name?: unknown };
  highlight?: GraphHighlight;
  selected?: string | null;
  onSelect?: (id: string) => void;
}) {
  const { t, lang } = useI18n();
  const layout = useMemo(() => layoutWorkflow(definition), [definition]);
  const fit = useMemo(() => fitViewBox(layout), [layout]);
  const fitKey = viewBoxAttr(fit);
  const [view, setView] = useState<ViewBox>(fit);
  // A new definition (or an edited preview whose bounds changed) is shown whole again.
  useEffect(() => setView(fit), [fitKey]); // keyed on the bounds, not the object identity
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ id: number; x: number; y: number; moved: boolean } | null>(null);
  const suppressClick = useRef(false);

  const rect = () => svg.current?.getBoundingClientRect() ?? { left: 0, top: 0, width: fit.w, height: fit.h };
  const zoom = useCallback((factor: number, clientX?: number, clientY?: number) => {
    setView((v) => {
      if (clientX === undefined || clientY === undefined) return zoomAt(v, fit, factor);
      const p = toLayoutPoint(v, svg.current?.getBoundingClientRect() ?? { left: 0, top: 0, width: v.w, height: v.h }, clientX, clientY);
      return zoomAt(v, fit, factor, p.x, p.y);
    });
  }, [fit]);

  // React's wheel listener is passive; zooming must keep the page from scrolling.
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      zoom(e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, e.clientX, e.clientY);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoom]);

  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    drag.current = { id: e.pointerId, x: e.clientX, y: e.clientY, moved: false };
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!d.moved) svg.current?.setPointerCapture?.(e.pointerId);
    d.moved = true;
    d.x = e.clientX;
    d.y = e.clientY;
    setView((v) => {
      const { scale } = toLayoutPoint(v, rect(), 0, 0);
      return panBy(v, -dx / scale, -dy / scale);
    });
  };
  const onPointerUp = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    suppressClick.current = d.moved;
    drag.current = null;
  };

  const step = () => view.w / 8;
  const onViewportKey = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (e.key === '+' || e.key === '=') zoom(ZOOM_STEP);
    else if (e.key === '-' || e.key === '_') zoom(1 / ZOOM_STEP);
    else if (e.key === '0') setView(fit);
    else if (moves[e.key]) setView((v) => panBy(v, moves[e.key]![0] * step(), moves[e.key]![1] * step()));
    else return;
    e.preventDefault();
  };

  const select = (id: string) => {
    if (suppressClick.current) {
      suppressClick.current = false;
      return;
    }
    onSelect?.(id);
  };
  const key = (e: KeyboardEvent, id: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect?.(id);
    }
  };

  const current = highlight.current;
  const done = highlight.done;
  const taken = (source: string, target: string) => !!done?.has(source) && (!!done.has(target) || !!current?.has(target));
  const percent = Math.round(zoomOf(view, fit) * 100);

  return (
    <div className="graph-wrap" data-testid="workflow-graph-viewport">
      <div className="graph-tools" role="toolbar" aria-label={t('wf.zoom.tools')}>
        <button type="button" className="secondary" onClick={() => zoom(ZOOM_STEP)} aria-label={t('wf.zoom.in')} title={t('wf.zoom.in')} data-testid="graph-zoom-in">
          +
        </button>
        <button type="button" className="secondary" onClick={() => zoom(1 / ZOOM_STEP)} aria-label={t('wf.zoom.out')} title={t('wf.zoom.out')} data-testid="graph-zoom-out">
          −
        </button>
        <button type="button" className="secondary" onClick={() => setView(fit)} data-testid="graph-fit">
          {t('wf.zoom.fit')}
        </button>
        <span className="muted" aria-live="polite" data-testid="graph-zoom">
          {percent}%
        </span>
        <span className="hint">{t('wf.zoom.hint')}</span>
      </div>
      <div className="graph-viewport" tabIndex={0} onKeyDown={onViewportKey} aria-label={t('wf.zoom.viewport')} role="region">
        <svg
          ref={svg}
          className="wf-graph"
          width="100%"
          viewBox={viewBoxAttr(view)}
          preserveAspectRatio="xMidYMid meet"
          style={{ aspectRatio: `${Math.max(1, fit.w)} / ${Math.max(1, fit.h)}` }}
          role="group"
          aria-label={t('wf.graph', { id: definition.id })}
          data-testid="workflow-graph"
          data-fit={fitKey}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
        >
          <defs>
            <marker id="wf-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" className="wf-arrow" />
            </marker>
            <marker id="wf-arrow-taken" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" className="wf-arrow-taken" />
            </marker>
          </defs>
          <g className="wf-edges">
            {layout.edges.map((e) => {
              const isTaken = taken(e.source, e.target);
              const text = e.labels.join(' / ');
              return (
                <g
                  key={e.id}
                  className={`wf-edge${e.back ? ' wf-edge-back' : ''}${isTaken ? ' wf-edge-taken' : ''}`}
                  data-testid="workflow-edge"
                  data-source={e.source}
                  data-target={e.target}
                  data-taken={isTaken || undefined}
                >
                  <path d={e.path} markerEnd={isTaken ? 'url(#wf-arrow-taken)' : 'url(#wf-arrow)'} />
                  {e.labels.length > 0 && (
                    <g className="wf-edge-label">
                      <rect x={e.labelX - text.length * 3.6 - 4} y={e.labelY - 9} width={text.length * 7.2 + 8} height={16} rx={3} />
                      <text x={e.labelX} y={e.labelY + 3} textAnchor="middle">
                        {text}
                      </text>
                    </g>
                  )}
                </g>
              );
            })}
          </g>
          <g className="wf-nodes">
            {layout.nodes.map((n) => {
              const isCurrent = !!current?.has(n.id);
              const isDone = !!done?.has(n.id);
              const isProblem = !!highlight.problem?.has(n.id);
              const cls = [
                'wf-node',
                `wf-${TYPE_CLASS[n.type] ?? 'other'}`,
                n.id === definition.start ? 'wf-start' : '',
                isCurrent ? 'wf-current' : '',
                isDone ? 'wf-done' : '',
                isProblem ? 'wf-problem' : '',
                selected === n.id ? 'wf-selected' : '',
                n.reachable ? '' : 'wf-unreachable',
              ]
                .filter(Boolean)
                .join(' ');
              const label = activityLabel(n.activity, lang);
              const type = activityTypeLabel(n.type, lang);
              const lines = wrapLabel(label, 24, 2);
              const states = [isCurrent ? t('wf.legend.current') : '', isDone ? t('wf.legend.done') : '', isProblem ? t('wf.legend.problem') : ''].filter(Boolean);
              return (
                <g
                  key={n.id}
                  className={cls}
                  transform={`translate(${n.x} ${n.y})`}
                  tabIndex={onSelect ? 0 : undefined}
                  role={onSelect ? 'button' : 'img'}
                  aria-pressed={onSelect ? selected === n.id : undefined}
                  // Named by its visible text (WCAG 2.5.3: an aria-label or <title> differing from it fails axe); the full label, state and id are the description.
                  aria-description={`${label} — ${type}${states.length ? ` — ${states.join(', ')}` : ''} · ${n.id}`}
                  onClick={() => select(n.id)}
                  onKeyDown={(e) => key(e, n.id)}
                  onFocus={() => setView((v) => revealBox(v, { x: n.x, y: n.y, w: n.width, h: n.height }))}
                  data-testid="workflow-node"
                  data-activity-id={n.id}
                  data-state={isCurrent ? 'current' : isDone ? 'done' : undefined}
                >
                  <rect width={n.width} height={n.height} rx={8} />
                  {lines.map((line, i) => (
                    <text key={i} x={10} y={lines.length === 1 ? 26 : 19 + i * 16} className="wf-node-label">
                      {/* the trailing space keeps words apart in the accessible name */}
                      {`${line} `}
                    </text>
                  ))}
                  <text x={10} y={n.height - 10} className="wf-node-type">
                    {isDone || isCurrent ? <tspan aria-hidden="true">{isDone ? '✓ ' : '● '}</tspan> : null}
                    {type}
                  </text>
                </g>
              );
            })}
          </g>
        </svg>
      </div>
    </div>
  );
}

/** The selected activity's settings and outgoing connections. */
export function ActivityDetails({ definition, activityId }: { definition: WorkflowDefinition; activityId: string | null }) {
  const { t, lang } = useI18n();
  const a = definition.activities.find((x) => x.id === activityId);
  if (!a) return <p className="muted">{t('wf.selectHint')}</p>;
  const outgoing = definition.connections.filter((c) => c.source === a.id);
  const labelOf = (id: string) => {
    const target = definition.activities.find((x) => x.id === id);
    return target ? activityLabel(target, lang) : id;
  };
  return (
    <div className="activity-details" data-testid="activity-details">
      <h3>
        {activityLabel(a, lang)} <span className="muted">({activityTypeLabel(a.type, lang)})</span>
      </h3>
      <dl className="facts">
        <div>
          <dt>{t('wf.activityId')}</dt>
          <dd>
            <code>{a.id}</code>
          </dd>
        </div>
        {Object.entries(a)
          .filter(([k]) => k !== 'id' && k !== 'type')
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{typeof v === 'string' ? v : <pre>{JSON.stringify(v, null, 2)}</pre>}</dd>
            </div>
          ))}
      </dl>
      {outgoing.length > 0 && (
        <>
          <h4>{t('wf.outcomes')}</h4>
          <ul>
            {outgoing.map((c, i) => (
              <li key={i}>
                {c.outcome ?? 'Done'} → {labelOf(c.target)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
