import { useMemo, type KeyboardEvent } from 'react';
import type { WorkflowDefinition } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { layoutWorkflow } from './layout';

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
  Decision: 'branch',
  Switch: 'branch',
  Fork: 'branch',
  Join: 'branch',
  Escalate: 'escalate',
  Notify: 'notify',
  SetVariable: 'var',
  Finish: 'finish',
};

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function WorkflowGraph({
  definition,
  highlight = {},
  selected,
  onSelect,
}: {
  definition: Pick<WorkflowDefinition, 'id' | 'start' | 'activities' | 'connections'>;
  highlight?: GraphHighlight;
  selected?: string | null;
  onSelect?: (id: string) => void;
}) {
  const { t } = useI18n();
  const layout = useMemo(() => layoutWorkflow(definition), [definition]);
  const key = (e: KeyboardEvent, id: string) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect?.(id);
    }
  };
  return (
    <div className="graph-wrap">
      <svg
        className="wf-graph"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="group"
        aria-label={t('wf.graph', { id: definition.id })}
        data-testid="workflow-graph"
      >
        <defs>
          <marker id="wf-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="wf-arrow" />
          </marker>
        </defs>
        <g className="wf-edges">
          {layout.edges.map((e) => (
            <g key={e.id} className={`wf-edge${e.back ? ' wf-edge-back' : ''}`} data-testid="workflow-edge" data-source={e.source} data-target={e.target}>
              <path d={e.path} markerEnd="url(#wf-arrow)" />
              {e.labels.length > 0 && (
                <g className="wf-edge-label">
                  <rect x={e.labelX - e.labels.join(' / ').length * 3.6 - 4} y={e.labelY - 9} width={e.labels.join(' / ').length * 7.2 + 8} height={16} rx={3} />
                  <text x={e.labelX} y={e.labelY + 3} textAnchor="middle">
                    {e.labels.join(' / ')}
                  </text>
                </g>
              )}
            </g>
          ))}
        </g>
        <g className="wf-nodes">
          {layout.nodes.map((n) => {
            const cls = [
              'wf-node',
              `wf-${TYPE_CLASS[n.type] ?? 'other'}`,
              n.id === definition.start ? 'wf-start' : '',
              highlight.current?.has(n.id) ? 'wf-current' : '',
              highlight.done?.has(n.id) ? 'wf-done' : '',
              highlight.problem?.has(n.id) ? 'wf-problem' : '',
              selected === n.id ? 'wf-selected' : '',
              n.reachable ? '' : 'wf-unreachable',
            ]
              .filter(Boolean)
              .join(' ');
            const sub = n.type === 'SetStage' && typeof n.activity.stage === 'string' ? `${n.type} · ${n.activity.stage}` : n.type;
            const states = [
              highlight.current?.has(n.id) ? t('wf.legend.current') : '',
              highlight.done?.has(n.id) ? t('wf.legend.done') : '',
              highlight.problem?.has(n.id) ? t('wf.legend.problem') : '',
            ].filter(Boolean);
            return (
              <g
                key={n.id}
                className={cls}
                transform={`translate(${n.x} ${n.y})`}
                tabIndex={onSelect ? 0 : undefined}
                role={onSelect ? 'button' : undefined}
                aria-pressed={onSelect ? selected === n.id : undefined}
                aria-label={`${n.id} (${n.type})${states.length ? ` — ${states.join(', ')}` : ''}`}
                onClick={() => onSelect?.(n.id)}
                onKeyDown={(e) => key(e, n.id)}
                data-testid="workflow-node"
                data-activity-id={n.id}
              >
                <title>{`${n.id} (${n.type})`}</title>
                <rect width={n.width} height={n.height} rx={8} />
                <text x={10} y={22} className="wf-node-id">
                  {clip(n.id, 20)}
                </text>
                <text x={10} y={40} className="wf-node-type">
                  {clip(sub, 26)}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
}

/** The selected activity's settings and outgoing connections. */
export function ActivityDetails({ definition, activityId }: { definition: WorkflowDefinition; activityId: string | null }) {
  const { t } = useI18n();
  const a = definition.activities.find((x) => x.id === activityId);
  if (!a) return <p className="muted">{t('wf.selectHint')}</p>;
  const outgoing = definition.connections.filter((c) => c.source === a.id);
  return (
    <div className="activity-details" data-testid="activity-details">
      <h3>
        {a.id} <span className="muted">({a.type})</span>
      </h3>
      <dl className="facts">
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
                {c.outcome ?? 'Done'} → {c.target}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
