import { jsonLanguage } from '@codemirror/lang-json';
import { yamlLanguage } from '@codemirror/lang-yaml';
import type { WorkflowProblem } from '../../api/client';
import { findActivityInText } from './definition';

// The 422 of a definition names where each problem is as a path (`activities[3].type`, `connections[0].target`,
// `selector.priority`, `$` for the whole document; SaveWorkflowDraft.cs / WorkflowDefinitionParser.cs), never a
// line. This walks the YAML or JSON syntax tree (the editor's own Lezer parsers) along that path.

export type Segment = string | number;
type SyntaxNode = ReturnType<typeof yamlLanguage.parser.parse>['topNode'];

/** `$.activities[3].type` → ['activities', 3, 'type']; `$` and '' → []. */
export function parsePath(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /\[(\d+)\]|\[["']([^"']*)["']\]|\.?([^.[\]]+)/g;
  const body = path.trim().replace(/^\$/, '');
  for (let m = re.exec(body); m; m = re.exec(body)) out.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? m[3]!));
  return out;
}

export interface Location {
  from: number;
  to: number;
  /** 1-based. */
  line: number;
  /** False when only a prefix of the path was found (the line of the nearest enclosing part). */
  exact: boolean;
}

const MAPPINGS = new Set(['BlockMapping', 'FlowMapping', 'Object']);
const SEQUENCES = new Set(['BlockSequence', 'FlowSequence', 'Array']);
const SKIP = new Set(['Comment', 'Anchor', 'Tag', 'Properties', ':', ',', '{', '}', '[', ']', '-', '⚠']);

const children = (n: SyntaxNode) => {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
};

/** The value node under a Pair/Property/Item/Document, skipping keys, punctuation and comments. */
function valueOf(n: SyntaxNode): SyntaxNode | null {
  const kids = children(n);
  const colon = kids.findIndex((c) => c.name === ':');
  const rest = colon >= 0 ? kids.slice(colon + 1) : kids.filter((c) => c.name !== 'Key' && c.name !== 'PropertyName');
  const v = rest.find((c) => !SKIP.has(c.name));
  if (!v) return null;
  return v.name === 'Item' || v.name === 'Document' ? valueOf(v) : v;
}

function keyText(text: string, pair: SyntaxNode): string | null {
  const k = pair.getChild('Key') ?? pair.getChild('PropertyName');
  if (!k) return null;
  const raw = text.slice(k.from, k.to).trim();
  if (/^".*"$/.test(raw)) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  return /^'.*'$/.test(raw) ? raw.slice(1, -1).replace(/''/g, "'") : raw;
}

function root(text: string, format: 'json' | 'yaml'): SyntaxNode | null {
  const top = (format === 'yaml' ? yamlLanguage : jsonLanguage).parser.parse(text).topNode;
  if (format === 'json') return valueOf(top);
  const doc = top.getChild('Document');
  return doc ? valueOf(doc) : null;
}

const lineAt = (text: string, pos: number) => text.slice(0, pos).split('\n').length;

/** Where `path` is in the text: the key's line for a member, the item's first line for a list element. */
export function locatePath(text: string, format: 'json' | 'yaml', path: string): Location | null {
  const segs = parsePath(path);
  let node = root(text, format);
  if (!node || segs.length === 0) return null;
  let mark: SyntaxNode | null = null;
  let exact = true;
  for (const seg of segs) {
    let next: SyntaxNode | null = null;
    let at: SyntaxNode | null = null;
    if (typeof seg === 'string' && node && MAPPINGS.has(node.name)) {
      const pair = children(node).find((c) => (c.name === 'Pair' || c.name === 'Property') && keyText(text, c) === seg);
      if (pair) {
        at = pair;
        next = valueOf(pair);
      }
    } else if (typeof seg === 'number' && node && SEQUENCES.has(node.name)) {
      const items: SyntaxNode[] = node.name === 'Array' ? children(node).filter((c) => !SKIP.has(c.name)) : children(node).filter((c) => c.name === 'Item');
      const item: SyntaxNode | undefined = items[seg];
      if (item) {
        at = item;
        next = item.name === 'Item' ? valueOf(item) : item;
      }
    }
    if (!at) {
      exact = false;
      break;
    }
    mark = at;
    node = next;
  }
  if (!mark) return null;
  // Mark the first line of the part only: a whole activity would paint a dozen lines.
  const from = text[mark.from] === ' ' ? mark.from + 1 : mark.from;
  const eol = text.indexOf('\n', from);
  const to = Math.max(from + 1, Math.min(mark.to, eol < 0 ? text.length : eol));
  return { from, to: Math.min(to, text.length), line: lineAt(text, from), exact };
}

/** A line named in a parser message: YamlDotNet's "at line 3, column 5" (1-based), System.Text.Json's "LineNumber: 2" (0-based). */
export function lineFromMessage(message: string): number | null {
  const json = /LineNumber:\s*(\d+)/.exec(message);
  if (json) return Number(json[1]) + 1;
  const yaml = /\bline (\d+)/i.exec(message);
  return yaml ? Number(yaml[1]) : null;
}

export interface LocatedProblem extends WorkflowProblem {
  /** 1-based line in the text, when one could be found. */
  line?: number;
  from?: number;
  to?: number;
}

/** Each problem's line: the one the API gives, else its path's, else one its message names, else its activity's id. */
export function locateProblems(text: string, format: 'json' | 'yaml', problems: WorkflowProblem[]): LocatedProblem[] {
  const lines = text.split('\n');
  const lineRange = (line: number) => {
    const n = Math.min(Math.max(1, line), lines.length);
    const from = lines.slice(0, n - 1).reduce((s, l) => s + l.length + 1, 0);
    return { line: n, from, to: from + lines[n - 1]!.length };
  };
  return problems.map((p) => {
    if (typeof p.line === 'number' && p.line > 0) return { ...p, ...lineRange(p.line) };
    const byPath = p.path ? locatePath(text, format, p.path) : null;
    if (byPath) return { ...p, line: byPath.line, from: byPath.from, to: byPath.to };
    const byMessage = lineFromMessage(p.message);
    if (byMessage) return { ...p, ...lineRange(byMessage) };
    const byId = p.activityId ? findActivityInText(text, p.activityId) : null;
    if (byId) return { ...p, line: lineAt(text, byId.start), from: byId.start, to: byId.end };
    return { ...p };
  });
}
