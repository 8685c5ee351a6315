import { Fragment, type ReactNode } from 'react';

// A small Markdown subset rendered straight to React elements, for the editor's instant preview.
// Nothing is ever passed as HTML: text reaches the DOM only as React text nodes, so `<script>` in a
// report shows as the characters `<script>`. Links keep only http(s), mailto and in-page targets;
// images only https and inline base64 SVG (the signal charts).
// The print-ready rendering is the server's export?format=html, shown in a sandboxed iframe.

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'del'; c: Inline[] }
  | { t: 'link'; href: string | null; c: Inline[] }
  | { t: 'img'; src: string | null; alt: string }
  | { t: 'br' };

export type Block =
  | { t: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; c: Inline[] }
  | { t: 'p'; c: Inline[] }
  | { t: 'code'; lang: string; v: string }
  | { t: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { t: 'quote'; blocks: Block[] }
  | { t: 'hr' }
  | { t: 'table'; align: ('left' | 'center' | 'right' | null)[]; head: Inline[][]; rows: Inline[][][] };

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const HR = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const ITEM = /^\s*([-*+]|(\d{1,9})[.)])\s+(.*)$/;
const TABLE_SEP = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  return parseBlocks(lines);
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  const isBlank = (l: string | undefined) => l === undefined || l.trim() === '';
  const startsBlock = (l: string, next: string | undefined) =>
    FENCE.test(l) || HEADING.test(l) || HR.test(l) || QUOTE.test(l) || ITEM.test(l) || (l.includes('|') && next !== undefined && TABLE_SEP.test(next));
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(marker)) body.push(lines[i++]!);
      i++; // closing fence (or end)
      blocks.push({ t: 'code', lang: fence[2] ?? '', v: body.join('\n') });
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      blocks.push({ t: 'heading', level: h[1]!.length as 1, c: parseInline(h[2]!) });
      i++;
      continue;
    }
    if (HR.test(line)) {
      blocks.push({ t: 'hr' });
      i++;
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]!)) {
      const head = splitRow(line);
      const align = splitRow(lines[i + 1]!).map((c) => {
        const s = c.trim();
        return s.startsWith(':') && s.endsWith(':') ? 'center' : s.endsWith(':') ? 'right' : s.startsWith(':') ? 'left' : null;
      });
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && !isBlank(lines[i]) && lines[i]!.includes('|')) {
        const cells = splitRow(lines[i++]!);
        rows.push(head.map((_, ci) => parseInline(cells[ci] ?? '')));
      }
      blocks.push({ t: 'table', align, head: head.map(parseInline), rows });
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) inner.push(QUOTE.exec(lines[i++]!)![1]!);
      blocks.push({ t: 'quote', blocks: parseBlocks(inner) });
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      const ordered = !!item[2];
      const start = ordered ? Number(item[2]) : 1;
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i]!;
        const m = ITEM.exec(l);
        if (m && !!m[2] === ordered) {
          items.push(m[3]!);
          i++;
        } else if (!isBlank(l) && /^\s+\S/.test(l) && items.length) {
          items[items.length - 1] += `\n${l.trim()}`; // continuation line
          i++;
        } else break;
      }
      blocks.push({ t: 'list', ordered, start, items: items.map(parseInline) });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !isBlank(lines[i]) && (para.length === 0 || !startsBlock(lines[i]!, lines[i + 1]))) para.push(lines[i++]!);
    blocks.push({ t: 'p', c: parseInline(para.join('\n')) });
  }
  return blocks;
}

/** Cells of a pipe-table row; `\|` stays a literal bar. */
function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '|') {
      cur += '\\|';
      i++;
    } else if (s[i] === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += s[i];
  }
  cells.push(cur.trim());
  return cells;
}

export function safeHref(url: string): string | null {
  const u = url.trim();
  if (/^(https?:|mailto:)/i.test(u)) return u;
  if (u.startsWith('#') || (u.startsWith('/') && !u.startsWith('//'))) return u;
  return null;
}

/** Images: https, or the inline base64 SVG charts the server puts in reports (an SVG image runs no script). */
export function safeImageSrc(url: string): string | null {
  const u = url.trim();
  if (/^data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+$/.test(u)) return u;
  if (/^https:\/\//i.test(u)) return u;
  return null;
}

export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const rest = src.slice(i);
    if (c === '\\' && i + 1 < src.length && /[\\`*_{}[\]()#+\-.!|~<>]/.test(src[i + 1]!)) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (c === '\n') {
      // two trailing spaces or a backslash = hard break; otherwise a soft break (space)
      if (text.endsWith('  ')) {
        text = text.trimEnd();
        flush();
        out.push({ t: 'br' });
      } else text += '\n';
      i++;
      continue;
    }
    if (c === '`') {
      const m = /^(`+)([\s\S]*?[^`])\1(?!`)/.exec(rest);
      if (m) {
        flush();
        out.push({ t: 'code', v: m[2]!.trim() || m[2]! });
        i += m[0].length;
        continue;
      }
    }
    if (c === '*' || c === '_') {
      const strong = (c === '*' ? /^\*\*(?=\S)([\s\S]*?\S)\*\*/ : /^__(?=\S)([\s\S]*?\S)__(?!\w)/).exec(rest);
      if (strong) {
        flush();
        out.push({ t: 'strong', c: parseInline(strong[1]!) });
        i += strong[0].length;
        continue;
      }
      const prevWord = i > 0 && /\w/.test(src[i - 1]!);
      const em = (c === '*' ? /^\*(?=[^\s*])([\s\S]*?[^\s*])\*(?!\*)/ : /^_(?=\S)([\s\S]*?\S)_(?!\w)/).exec(rest);
      if (em && !(c === '_' && prevWord)) {
        flush();
        out.push({ t: 'em', c: parseInline(em[1]!) });
        i += em[0].length;
        continue;
      }
    }
    if (c === '~') {
      const del = /^~~(?=\S)([\s\S]*?\S)~~/.exec(rest);
      if (del) {
        flush();
        out.push({ t: 'del', c: parseInline(del[1]!) });
        i += del[0].length;
        continue;
      }
    }
    if (c === '!' && src[i + 1] === '[') {
      const img = /^!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/.exec(rest);
      if (img) {
        flush();
        out.push({ t: 'img', src: safeImageSrc(img[2]!), alt: img[1]! });
        i += img[0].length;
        continue;
      }
    }
    if (c === '[') {
      const link = /^\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/.exec(rest);
      if (link) {
        flush();
        out.push({ t: 'link', href: safeHref(link[2]!), c: parseInline(link[1]!) });
        i += link[0].length;
        continue;
      }
    }
    if (c === '<') {
      const auto = /^<(https?:\/\/[^\s>]+)>/.exec(rest);
      if (auto) {
        flush();
        out.push({ t: 'link', href: safeHref(auto[1]!), c: [{ t: 'text', v: auto[1]! }] });
        i += auto[0].length;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return out;
}

function renderInline(nodes: Inline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.t) {
      case 'text':
        return <Fragment key={i}>{n.v}</Fragment>;
      case 'code':
        return <code key={i}>{n.v}</code>;
      case 'strong':
        return <strong key={i}>{renderInline(n.c)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(n.c)}</em>;
      case 'del':
        return <del key={i}>{renderInline(n.c)}</del>;
      case 'br':
        return <br key={i} />;
      case 'img':
        return n.src ? <img key={i} src={n.src} alt={n.alt} className="report-image" /> : <span key={i}>{n.alt}</span>;
      case 'link':
        return n.href ? (
          <a key={i} href={n.href} target={n.href.startsWith('#') ? undefined : '_blank'} rel="noopener noreferrer">
            {renderInline(n.c)}
          </a>
        ) : (
          <span key={i}>{renderInline(n.c)}</span>
        );
    }
  });
}

function renderBlocks(blocks: Block[]): ReactNode[] {
  return blocks.map((b, i) => {
    switch (b.t) {
      case 'heading': {
        const H = `h${b.level}` as const;
        return <H key={i}>{renderInline(b.c)}</H>;
      }
      case 'p':
        return <p key={i}>{renderInline(b.c)}</p>;
      case 'code':
        return (
          <pre key={i} data-lang={b.lang || undefined}>
            <code>{b.v}</code>
          </pre>
        );
      case 'hr':
        return <hr key={i} />;
      case 'quote':
        return <blockquote key={i}>{renderBlocks(b.blocks)}</blockquote>;
      case 'list': {
        const items = b.items.map((it, j) => <li key={j}>{renderInline(it)}</li>);
        return b.ordered ? (
          <ol key={i} start={b.start !== 1 ? b.start : undefined}>
            {items}
          </ol>
        ) : (
          <ul key={i}>{items}</ul>
        );
      }
      case 'table':
        return (
          <div key={i} className="table-wrap">
            <table>
              <thead>
                <tr>
                  {b.head.map((c, j) => (
                    <th key={j} scope="col" style={b.align[j] ? { textAlign: b.align[j]! } : undefined}>
                      {renderInline(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {b.rows.map((r, ri) => (
                  <tr key={ri}>
                    {r.map((c, j) => (
                      <td key={j} style={b.align[j] ? { textAlign: b.align[j]! } : undefined}>
                        {renderInline(c)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
    }
  });
}

export function Markdown({ source, testId }: { source: string; testId?: string }) {
  return (
    <div className="markdown" data-testid={testId}>
      {renderBlocks(parseMarkdown(source))}
    </div>
  );
}
