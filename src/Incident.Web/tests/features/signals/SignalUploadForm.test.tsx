import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import type { AnomalyView } from '../../../src/api/types';
import { SignalUploadForm } from '../../../src/features/signals/SignalUploadForm';
import { parseSignalCsv } from '../../../src/features/signals/signals';
import { jsonResponse, renderWithApp } from '../../render';

const anomaly: AnomalyView = {
  id: 'a1',
  series: { id: 's1', businessLine: 'douyin', category: 'fraud-scam', metric: 'report-volume' },
  windowStart: '2026-11-21T09:50:00Z',
  windowEnd: '2026-11-21T10:00:00Z',
  peakScore: 0.97,
  peakValue: 412,
  baseline: 100,
  points: 3,
  outcome: 'opened',
  status: 'open',
  incident: { id: 'inc-7', key: 'INC-2026-000007', status: 'open' },
  detectedAt: '2026-11-21T10:00:05Z',
};

describe('signal CSV preview', () => {
  it('counts the points and names the span', () => {
    const p = parseSignalCsv('timestamp,value\n2026-11-21 10:00:00,100\n\n2026-11-21 10:01:00,"101.5"\n');
    expect(p).toEqual({ count: 2, first: '2026-11-21 10:00:00', last: '2026-11-21 10:01:00', problems: [] });
  });

  it('names the header, a wrong column count and a value that is not a number by line', () => {
    expect(parseSignalCsv('time,count\n1,2').problems).toEqual([{ code: 'header' }]);
    expect(parseSignalCsv('').problems).toEqual([{ code: 'empty' }]);
    expect(parseSignalCsv('timestamp,value\n2026-11-21 10:00:00,1,2\n2026-11-21 10:01:00,abc\n,3').problems).toEqual([
      { code: 'columns', line: 2, count: 3 },
      { code: 'value', line: 3, value: 'abc' },
      { code: 'timestamp', line: 4 },
    ]);
  });
});

describe('SignalUploadForm', () => {
  afterEach(() => configureClient({ getToken: () => null, onUnauthorized: () => undefined }));

  it('previews a CSV file, sends it as text/csv with the series in the query and links the incident the anomaly opened', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const f = vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return jsonResponse(202, { seriesId: 's1', accepted: 3, anomalies: [anomaly] });
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    const onSent = vi.fn();
    const user = userEvent.setup();
    renderWithApp(<SignalUploadForm onSent={onSent} />);

    const csv = 'timestamp,value\n2026-11-21 10:00:00,100\n2026-11-21 10:01:00,99\n2026-11-21 10:02:00,412\n';
    await user.upload(screen.getByTestId('signal-upload-file'), new File([csv], 'volumes.csv', { type: 'text/csv' }));
    const preview = await screen.findByTestId('signal-upload-preview');
    expect(preview.getAttribute('data-count')).toBe('3');
    expect(preview.textContent).toContain('volumes.csv: 3 points, 2026-11-21 10:00:00 – 2026-11-21 10:02:00');
    await user.clear(screen.getByRole('textbox', { name: /Metric/ }));
    await user.type(screen.getByRole('textbox', { name: /Metric/ }), 'report-volume');
    await user.click(screen.getByTestId('signal-upload-submit'));

    const result = await screen.findByTestId('signal-upload-result');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('/api/signals?businessLine=douyin&category=fraud-scam&metric=report-volume');
    expect(calls[0]!.init.method).toBe('POST');
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('text/csv');
    expect(calls[0]!.init.body).toBe(csv);
    expect(result.getAttribute('data-anomalies')).toBe('1');
    const item = screen.getByTestId('signal-upload-anomaly');
    expect(item.getAttribute('data-outcome')).toBe('opened');
    expect(screen.getByRole('link', { name: 'INC-2026-000007' }).getAttribute('href')).toBe('#/incidents/inc-7');
    expect(onSent).toHaveBeenCalledTimes(1);
    expect((await screen.findByTestId('toast')).textContent).toContain('3 points scored, 1 anomalies.');
  });

  it('does not send a CSV with problems, and shows the problems the server names by line', async () => {
    const f = vi.fn(async () =>
      jsonResponse(400, { title: 'Validation failed', errors: { 'line 3': ["timestamp 'yesterday' is not a date and time."], 'series.metric': ['Too long.'] } }),
    );
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    const user = userEvent.setup();
    renderWithApp(<SignalUploadForm />);
    const paste = screen.getByTestId('signal-upload-csv');

    await user.click(paste);
    await user.paste('timestamp,value\n2026-11-21 10:00:00,x');
    expect(screen.getByTestId('signal-upload-problems').textContent).toContain("Line 2: value 'x' is not a number.");
    expect((screen.getByTestId('signal-upload-submit') as HTMLButtonElement).disabled).toBe(true);

    await user.clear(paste);
    await user.paste('timestamp,value\n2026-11-21 10:00:00,1\nyesterday,2');
    await user.click(screen.getByTestId('signal-upload-submit'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain("line 3: timestamp 'yesterday' is not a date and time."));
    expect(screen.getByTestId('field-error-metric').textContent).toBe('Too long.');
    expect(f).toHaveBeenCalledTimes(1);
  });
});
