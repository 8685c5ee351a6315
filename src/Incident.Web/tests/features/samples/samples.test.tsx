import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import { csvRecords, detectFormat, parseCsvSamples, parseJsonSamples, parseSampleFile } from '../../../src/features/samples/samples';
import { SamplesSection } from '../../../src/features/samples/SamplesSection';
import { jsonResponse, renderWithApp } from '../../render';

describe('sample file parsing', () => {
  it('detects the format from the name, else from the content', () => {
    expect(detectFormat('a.JSON', 'externalId,text')).toBe('json');
    expect(detectFormat('a.csv', '[]')).toBe('csv');
    expect(detectFormat(null, '  [{"externalId":"1"}]')).toBe('json');
    expect(detectFormat('paste.txt', 'externalId,text')).toBe('csv');
  });

  it('reads RFC 4180 CSV: quotes, doubled quotes, embedded newlines and commas, CRLF, BOM', () => {
    const recs = csvRecords('\uFEFFexternalId,text\r\n1,"a, ""quoted""\nline"\r\n2,plain\r\n');
    expect(recs).toEqual([
      { line: 1, fields: ['externalId', 'text'] },
      { line: 2, fields: ['1', 'a, "quoted"\nline'] },
      { line: 4, fields: ['2', 'plain'] },
    ]);
  });

  it('counts CSV samples, skips blank lines, previews the first rows and keeps the text to send as-is', () => {
    const text = 'externalId,text,url,tags\nv1,hello,https://x.test/1,a|b\n\nv2,"with, comma",,\nv3,third,,\n';
    const p = parseCsvSamples(text);
    expect(p.format).toBe('csv');
    expect(p.count).toBe(3);
    expect(p.problems).toEqual([]);
    expect(p.preview[1]).toEqual({ externalId: 'v2', text: 'with, comma' });
    expect(p.body).toBe(text);
  });

  it('reports a CSV without the required columns, extra fields, missing values and duplicates', () => {
    expect(parseCsvSamples('id,body\n1,x').problems).toEqual([{ code: 'missingColumns', columns: 'externalId, text' }]);
    const p = parseCsvSamples('ExternalId,Text\n1,a,b\n,x\n1,again\n3,');
    expect(p.count).toBe(4);
    expect(p.problems).toEqual([
      { code: 'extraFields', line: 2 },
      { code: 'missingField', row: 2, field: 'externalId' },
      { code: 'duplicate', row: 3, id: '1' },
      { code: 'missingField', row: 4, field: 'text' },
    ]);
    expect(parseCsvSamples('').problems).toEqual([{ code: 'empty' }]);
    expect(parseCsvSamples('externalId,text\n').problems).toEqual([{ code: 'empty' }]);
  });

  it('parses a JSON array, keeping optional fields, and flags what the server would reject', () => {
    const p = parseJsonSamples(JSON.stringify([{ externalId: 'a', text: 'x', url: 'https://u.test', tags: ['t'] }, { externalId: 7, text: 'y' }]));
    expect(p.count).toBe(2);
    expect(p.problems).toEqual([]);
    expect(p.body).toEqual([
      { externalId: 'a', text: 'x', url: 'https://u.test', tags: ['t'] },
      { externalId: '7', text: 'y' },
    ]);
    expect(parseJsonSamples('{"externalId":"a"}').problems).toEqual([{ code: 'notArray' }]);
    expect(parseJsonSamples('[{').problems[0]!.code).toBe('badJson');
    expect(parseJsonSamples('[{"text":"x"},{"externalId":"b","text":""}]').problems).toEqual([
      { code: 'missingField', row: 1, field: 'externalId' },
      { code: 'missingField', row: 2, field: 'text' },
    ]);
    expect(parseJsonSamples('[]').problems).toEqual([{ code: 'empty' }]);
  });

  it('flags more than 20,000 samples', () => {
    const rows = Array.from({ length: 20_001 }, (_, i) => `${i},t`).join('\n');
    const p = parseSampleFile('big.csv', `externalId,text\n${rows}`);
    expect(p.count).toBe(20_001);
    expect(p.problems[0]).toEqual({ code: 'tooMany', count: 20_001, max: 20_000 });
  });
});

describe('SamplesSection', () => {
  afterEach(() => configureClient({ getToken: () => null, onUnauthorized: () => undefined }));

  it('previews an uploaded file, posts it with the right content type and shows server field errors next to the upload', async () => {
    const user = userEvent.setup();
    const posts: { type: string | null; body: string }[] = [];
    const f = vi.fn(async (url: string, init: RequestInit) => {
      if (url.startsWith('/api/incidents/inc-1/samples?')) return jsonResponse(200, { items: [], total: 0, page: 1, pageSize: 20 });
      if (url === '/api/incidents/inc-1/samples' && init.method === 'POST') {
        posts.push({ type: (init.headers as Record<string, string>)['Content-Type'] ?? null, body: String(init.body) });
        if (posts.length === 1) return jsonResponse(201, { accepted: 2, total: 2 });
        return jsonResponse(400, { title: 'Validation failed', status: 400, errors: { '[1].text': ["'text' is required."] } });
      }
      return jsonResponse(404, {});
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<SamplesSection incidentId="inc-1" canUpload tick={0} />);
    await screen.findByText('No samples yet.');

    const csv = new File(['externalId,text\nv1,hello\nv2,world\n'], 'samples.csv', { type: 'text/csv' });
    await user.upload(screen.getByTestId('samples-upload'), csv);
    const preview = await screen.findByTestId('samples-preview');
    expect(preview.getAttribute('data-count')).toBe('2');
    expect(preview.getAttribute('data-format')).toBe('csv');
    expect(preview.textContent).toContain('2 samples found (CSV)');
    await user.click(screen.getByTestId('samples-submit'));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ type: 'text/csv', body: 'externalId,text\nv1,hello\nv2,world\n' });
    await waitFor(() => expect(screen.getByTestId('toasts').textContent).toContain('2 samples attached (2 in total)'));

    const json = new File([JSON.stringify([{ externalId: 'a', text: 'x' }, { externalId: 'b', text: ' y' }])], 'more.json', { type: 'application/json' });
    await user.upload(screen.getByTestId('samples-upload'), json);
    await waitFor(() => expect(screen.getByTestId('samples-preview').getAttribute('data-format')).toBe('json'));
    await user.click(screen.getByTestId('samples-submit'));
    await waitFor(() => expect(screen.getByTestId('samples-errors').textContent).toContain("[1].text: 'text' is required."));
    expect(posts[1]!.type).toBe('application/json');
    expect(JSON.parse(posts[1]!.body)).toEqual([{ externalId: 'a', text: 'x' }, { externalId: 'b', text: ' y' }]);
  });

  it('previews pasted CSV and blocks the upload while it has problems', async () => {
    const user = userEvent.setup();
    const f = vi.fn(async () => jsonResponse(200, { items: [], total: 0, page: 1, pageSize: 20 }));
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<SamplesSection incidentId="inc-1" canUpload tick={0} />);
    await user.type(screen.getByTestId('samples-paste'), 'id,body');
    expect(screen.getByTestId('samples-problems').textContent).toContain('must name externalId and text; missing: externalId, text');
    expect(screen.getByTestId('samples-paste-submit')).toHaveProperty('disabled', true);
  });
});
