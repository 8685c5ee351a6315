import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import type { ReportView, User } from '../../../src/api/types';
import { session } from '../../../src/features/auth/session';
import { Markdown, parseInline, parseMarkdown, safeHref } from '../../../src/features/reports/markdown';
import { ReportPage } from '../../../src/features/reports/ReportPage';
import { ReportsListPage } from '../../../src/features/reports/ReportsListPage';
import { jsonResponse, renderWithApp } from '../../render';

const report = (over: Partial<ReportView> = {}): ReportView => ({
  id: 'r1',
  incidentId: 'inc-1',
  incidentKey: 'INC-2026-000001',
  kind: 'flash',
  status: 'draft',
  title: 'Flash report',
  markdown: '# Flash report\n\nHello **world**.',
  audience: [],
  digestDate: null,
  version: 1,
  createdBy: 'op',
  createdAt: '2026-11-21T10:00:00Z',
  updatedAt: '2026-11-21T10:00:00Z',
  approvedBy: null,
  approvedAt: null,
  publishedBy: null,
  publishedAt: null,
  ...over,
});

function signIn(...roles: User['roles']) {
  session.signIn({ accessToken: 't', expiresIn: 3600, user: { username: 'u', displayName: 'U', roles, department: 'risk-ops' } });
}

describe('markdown renderer', () => {
  it('parses headings, paragraphs, lists, code, quotes and pipe tables', () => {
    const blocks = parseMarkdown(
      '# Title\n\nPara one\nstill one\n\n- a\n- **b**\n\n1. x\n2. y\n\n```\n<code>\n```\n\n> quoted\n\n| A | B |\n|---|--:|\n| 1 | a \\| b |\n\n---',
    );
    expect(blocks.map((b) => b.t)).toEqual(['heading', 'p', 'list', 'list', 'code', 'quote', 'table', 'hr']);
    const table = blocks[6]!;
    if (table.t !== 'table') throw new Error();
    expect(table.align).toEqual([null, 'right']);
    expect(table.rows[0]![1]).toEqual([{ t: 'text', v: 'a | b' }]);
  });

  it('parses inline emphasis, code and links, dropping unsafe link targets', () => {
    expect(parseInline('a **b** *c* `d*e` ~~f~~')).toEqual([
      { t: 'text', v: 'a ' },
      { t: 'strong', c: [{ t: 'text', v: 'b' }] },
      { t: 'text', v: ' ' },
      { t: 'em', c: [{ t: 'text', v: 'c' }] },
      { t: 'text', v: ' ' },
      { t: 'code', v: 'd*e' },
      { t: 'text', v: ' ' },
      { t: 'del', c: [{ t: 'text', v: 'f' }] },
    ]);
    expect(parseInline('snake_case_name')).toEqual([{ t: 'text', v: 'snake_case_name' }]);
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref(' JAVASCRIPT:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('//evil.test')).toBeNull();
    expect(safeHref('https://ok.test/a')).toBe('https://ok.test/a');
    expect(safeHref('#/incidents/1')).toBe('#/incidents/1');
  });

  it('renders HTML in markdown as text: a <script> stays characters, no element is created', () => {
    const src = '# Hi <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n- <b>bold?</b>\n\n[click](javascript:alert(1)) [ok](https://ok.test)';
    const { container } = render(<Markdown source={src} testId="md" />);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('h1')!.textContent).toBe('Hi <script>alert(1)</script>');
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://ok.test']);
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer');
    expect(container.textContent).toContain('click');
  });

  it('shows the inline SVG charts of reports as images and drops images from anywhere else', () => {
    const chart = 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=';
    const src = `![chart](${chart})\n\n![html](data:text/html;base64,PHNjcmlwdD4=) ![js](javascript:alert(1)) ![http](http://x.test/a.png) ![ok](https://x.test/b.png)`;
    const { container } = render(<Markdown source={src} testId="md" />);
    const images = [...container.querySelectorAll('img')];
    expect(images.map((i) => i.getAttribute('src'))).toEqual([chart, 'https://x.test/b.png']);
    expect(images[0]!.getAttribute('alt')).toBe('chart');
    expect(container.textContent).toContain('html');
    expect(container.textContent).toContain('js');
  });
});

describe('ReportPage', () => {
  afterEach(() => {
    session.signOut();
    configureClient({ getToken: () => null, onUnauthorized: () => undefined });
  });

  it('previews the draft live and safely, saves with the expected version, and shows the server HTML in a sandboxed iframe', async () => {
    signIn('operator');
    const user = userEvent.setup();
    const puts: unknown[] = [];
    const f = vi.fn(async (url: string, init: RequestInit) => {
      if (url === '/api/reports/r1' && init.method === 'GET') return jsonResponse(200, report());
      if (url === '/api/reports/r1' && init.method === 'PUT') {
        puts.push(JSON.parse(String(init.body)));
        if (puts.length === 1) return jsonResponse(400, { status: 400, errors: { Markdown: ["'markdown' must be at most 200000 characters."] } });
        return jsonResponse(200, report({ version: 2, markdown: (puts[1] as { markdown: string }).markdown }));
      }
      if (url === '/api/reports/r1/export?format=html')
        return new Response('<!doctype html><h1>Flash</h1><script>parent.x=1</script>', { status: 200, headers: { 'Content-Type': 'text/html' } });
      return jsonResponse(404, {});
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<ReportPage id="r1" />);

    const editor = await screen.findByTestId('report-markdown');
    expect(screen.queryByTestId('report-approve')).toBeNull();
    expect(screen.queryByTestId('report-publish')).toBeNull();
    expect(screen.getByTestId('report-preview').querySelector('strong')!.textContent).toBe('world');

    await user.clear(editor);
    await user.type(editor, '## Update{enter}{enter}<script>alert(1)</script> done');
    const preview = screen.getByTestId('report-preview');
    expect(preview.querySelector('h2')!.textContent).toBe('Update');
    expect(preview.querySelector('script')).toBeNull();
    expect(preview.textContent).toContain('<script>alert(1)</script> done');

    await user.click(screen.getByTestId('report-save'));
    await waitFor(() => expect(screen.getByTestId('field-error-markdown').textContent).toContain('at most 200000'));
    expect(puts[0]).toEqual({ title: 'Flash report', markdown: '## Update\n\n<script>alert(1)</script> done', expectedVersion: 1 });
    await user.click(screen.getByTestId('report-save'));
    await waitFor(() => expect(screen.getByTestId('report-page').getAttribute('data-version')).toBe('2'));

    await user.click(screen.getByTestId('report-print-load'));
    const frame = await screen.findByTestId('report-print-preview');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('<h1>Flash</h1>');
    expect(document.querySelector('script')).toBeNull();
  });

  it('lets a leader approve a draft, then publish to chosen departments with audience errors shown', async () => {
    signIn('leader');
    const user = userEvent.setup();
    let current = report();
    const publishes: unknown[] = [];
    const f = vi.fn(async (url: string, init: RequestInit) => {
      if (url === '/api/reports/r1' && init.method === 'GET') return jsonResponse(200, current);
      if (url === '/api/reports/r1/approve') return jsonResponse(200, (current = report({ status: 'approved', version: 2, approvedBy: 'u', approvedAt: '2026-11-21T11:00:00Z' })));
      if (url === '/api/reports/r1/publish') {
        publishes.push(JSON.parse(String(init.body)));
        if (publishes.length === 1) return jsonResponse(400, { status: 400, errors: { 'audience[0]': ["'audience[0]' must be one of …"] } });
        return jsonResponse(200, (current = report({ status: 'published', version: 3, audience: ['legal', 'comms'] })));
      }
      return jsonResponse(404, {});
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<ReportPage id="r1" />);

    await user.click(await screen.findByTestId('report-approve'));
    await waitFor(() => expect(screen.getByTestId('report-page').getAttribute('data-status')).toBe('approved'));
    expect(screen.queryByTestId('report-editor')).toBeNull();

    await user.click(screen.getByTestId('report-publish'));
    expect(screen.getByTestId('field-error-audience').textContent).toBe('Choose at least one department.');
    expect(publishes).toHaveLength(0);

    await user.click(screen.getByTestId('report-audience-legal'));
    await user.click(screen.getByTestId('report-audience-comms'));
    await user.click(screen.getByTestId('report-publish'));
    await waitFor(() => expect(screen.getByTestId('field-error-audience').textContent).toContain('must be one of'));
    expect(publishes[0]).toEqual({ audience: ['legal', 'comms'] });
    await user.click(screen.getByTestId('report-publish'));
    await waitFor(() => expect(screen.getByTestId('report-page').getAttribute('data-status')).toBe('published'));
    expect(screen.queryByTestId('report-publish')).toBeNull();
  });
});

describe('ReportsListPage', () => {
  afterEach(() => configureClient({ getToken: () => null, onUnauthorized: () => undefined }));

  it('lists reports filtered by kind (daily digest included) and status', async () => {
    const user = userEvent.setup();
    const urls: string[] = [];
    const f = vi.fn(async (url: string) => {
      urls.push(url);
      return jsonResponse(200, {
        items: [{ ...report({ id: 'd1', kind: 'daily-digest', incidentId: null, incidentKey: null, status: 'published', digestDate: '2026-11-20', audience: ['risk-ops'] }) }],
        total: 1,
        page: 1,
        pageSize: 25,
      });
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<ReportsListPage kind="daily-digest" />);
    const row = await screen.findByTestId('report-row');
    expect(row.getAttribute('data-kind')).toBe('daily-digest');
    expect(row.textContent).toContain('Daily digest · 2026-11-20');
    expect(urls[0]).toBe('/api/reports?kind=daily-digest&page=1&pageSize=25');
    await user.selectOptions(screen.getByTestId('reports-status-filter'), 'published');
    await waitFor(() => expect(urls.at(-1)).toBe('/api/reports?kind=daily-digest&status=published&page=1&pageSize=25'));
  });
});
