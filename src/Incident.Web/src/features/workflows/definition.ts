import type { WorkflowDefinition } from '../../api/types';

/** A definition as the graph needs it, whatever extra fields or gaps the document has. */
export function normaliseDefinition(raw: unknown): WorkflowDefinition | null {
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as Record<string, unknown>;
  // Tolerate a wrapper like { definition: {...}, version } from the server.
  const doc = (o.definition && typeof o.definition === 'object' ? { ...o, ...(o.definition as object) } : o) as Record<string, unknown>;
  const activities = Array.isArray(doc.activities) ? doc.activities.filter((a) => a && typeof a === 'object' && typeof (a as { id?: unknown }).id === 'string') : [];
  const connections = Array.isArray(doc.connections)
    ? doc.connections.filter((c) => c && typeof c === 'object' && typeof (c as { source?: unknown }).source === 'string')
    : [];
  return {
    ...doc,
    id: String(doc.id ?? doc.definitionId ?? ''),
    start: String(doc.start ?? (activities[0] as { id?: string } | undefined)?.id ?? ''),
    activities,
    connections,
  } as WorkflowDefinition;
}

/** Version number of a definition document, if it carries one. */
export function versionOf(def: WorkflowDefinition | null): number | undefined {
  const v = def?.version ?? (def as Record<string, unknown> | null)?.definitionVersion;
  return typeof v === 'number' ? v : undefined;
}

const DOCUMENT_FIELDS = ['id', 'name', 'description', 'selector', 'variables', 'start', 'activities', 'connections'];

/**
 * The text to edit: the stored document as it was written, in its own format (`document` and `format` of
 * WorkflowDefinitionView). The editor used to pretty-print the whole response as JSON, so YAML definitions
 * opened as JSON, with the server's `createdAt`, `status` and the document itself inside.
 */
export function sourceOf(raw: unknown): { text: string; format: 'json' | 'yaml' } {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  if (typeof o.document === 'string' && o.document.trim()) {
    const f = typeof o.format === 'string' ? o.format.toLowerCase() : '';
    return { text: o.document, format: f === 'yaml' || f === 'yml' ? 'yaml' : f === 'json' ? 'json' : detectFormat(o.document) };
  }
  const doc = Object.fromEntries(DOCUMENT_FIELDS.filter((k) => o[k] !== undefined && o[k] !== null).map((k) => [k, o[k]]));
  return { text: JSON.stringify(doc, null, 2), format: 'json' };
}

export function detectFormat(text: string): 'json' | 'yaml' {
  const s = text.trimStart();
  return s.startsWith('{') || s.startsWith('[') ? 'json' : 'yaml';
}

/** Where an activity's `id` is written in YAML or JSON text, to select it in the editor. */
export function findActivityInText(text: string, activityId: string): { start: number; end: number } | null {
  const esc = activityId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [
    new RegExp(`"id"\\s*:\\s*"${esc}"`),
    new RegExp(`(^|[\\s{,-])id\\s*:\\s*["']?${esc}["']?\\s*($|[,}\\n#])`, 'm'),
  ];
  for (const re of patterns) {
    const m = re.exec(text);
    if (m) {
      const at = text.indexOf(activityId, m.index);
      return { start: at, end: at + activityId.length };
    }
  }
  const plain = text.indexOf(activityId);
  return plain >= 0 ? { start: plain, end: plain + activityId.length } : null;
}

export const NEW_DEFINITION_YAML = `id: my-workflow
name: My workflow
description: ""
selector:
  businessLines: ["*"]
  categories: ["*"]
  severities: [S1, S2, S3, S4]
  priority: 0
start: discovery
activities:
  - id: discovery
    type: SetStage
    stage: discovery
  - id: triage
    type: HumanTask
    action: triage
    label: Confirm category and severity
    allowedRoles: [operator]
    inputSchema:
      type: object
      required: [severity]
      properties:
        severity: { enum: [S1, S2, S3, S4] }
    outcomes: [Confirmed, Dismissed]
  - id: close
    type: Finish
connections:
  - { source: discovery, target: triage }
  - { source: triage, outcome: Confirmed, target: close }
  - { source: triage, outcome: Dismissed, target: close }
`;
