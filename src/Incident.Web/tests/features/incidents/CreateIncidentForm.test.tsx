import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import { CreateIncidentForm } from '../../../src/features/incidents/CreateIncidentForm';
import { jsonResponse, renderWithApp } from '../../render';

function withFetch(fetchImpl: typeof fetch) {
  configureClient({ getToken: () => 'tok', onUnauthorized: () => undefined, fetch: fetchImpl });
}

async function fillValid(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText(/^Title/), 'Fraud ring in live rooms');
  await user.selectOptions(screen.getByLabelText(/^Business line/), 'douyin');
  await user.selectOptions(screen.getByLabelText(/^Category/), 'fraud-scam');
  await user.selectOptions(screen.getByLabelText(/^Severity/), 'S2');
}

describe('CreateIncidentForm', () => {
  afterEach(() => configureClient({ getToken: () => null, onUnauthorized: () => undefined }));

  it('maps problem-details field errors next to each field', async () => {
    const user = userEvent.setup();
    const fetchMock = vi.fn(async () =>
      jsonResponse(400, {
        type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
        title: 'One or more validation errors occurred.',
        status: 400,
        errors: { Title: ['Title is already used today.'], 'tags[0]': ['Tag too long.'], $: ['Body odd.'] },
      }),
    ) as unknown as typeof fetch;
    withFetch(fetchMock);
    renderWithApp(<CreateIncidentForm onCreated={() => undefined} />);
    await fillValid(user);
    await user.type(screen.getByLabelText(/^Tags/), 'abc');
    await user.click(screen.getByTestId('create-incident-submit'));

    await waitFor(() => expect(screen.getByTestId('field-error-title').textContent).toBe('Title is already used today.'));
    expect(screen.getByTestId('field-error-tags').textContent).toBe('Tag too long.');
    expect(screen.getByLabelText(/^Title/).getAttribute('aria-invalid')).toBe('true');
    const describedBy = screen.getByLabelText(/^Title/).getAttribute('aria-describedby')!;
    expect(document.getElementById(describedBy.split(' ').pop()!)!.textContent).toBe('Title is already used today.');
    expect(screen.getByRole('alert').textContent).toContain('Body odd.');

    const [url, init] = (fetchMock as unknown as { mock: { calls: [string, RequestInit][] } }).mock.calls[0]!;
    expect(url).toBe('/api/incidents');
    const headers = init.headers as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer tok');
    expect(headers['Idempotency-Key']).toBeTruthy();
    expect(JSON.parse(String(init.body))).toEqual({
      title: 'Fraud ring in live rooms',
      summary: '',
      businessLine: 'douyin',
      category: 'fraud-scam',
      severity: 'S2',
      source: 'operator',
      tags: ['abc'],
    });
  });

  it('checks required fields before calling the server', async () => {
    const user = userEvent.setup();
    const fetchMock = vi.fn();
    withFetch(fetchMock as unknown as typeof fetch);
    renderWithApp(<CreateIncidentForm onCreated={() => undefined} />);
    await user.click(screen.getByTestId('create-incident-submit'));
    expect(fetchMock).not.toHaveBeenCalled();
    for (const f of ['title', 'businessLine', 'category', 'severity']) expect(screen.getByTestId(`field-error-${f}`).textContent).toBe('Required.');
  });

  it('reports the created incident and reuses the idempotency key for an identical retry', async () => {
    const user = userEvent.setup();
    const keys: string[] = [];
    let call = 0;
    const fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
      keys.push((init.headers as Record<string, string>)['Idempotency-Key']!);
      return call++ === 0 ? jsonResponse(503, { title: 'Unavailable' }) : jsonResponse(201, { id: '7', key: 'INC-2026-000007' });
    });
    withFetch(fetchMock as unknown as typeof fetch);
    const onCreated = vi.fn();
    renderWithApp(<CreateIncidentForm onCreated={onCreated} />);
    await fillValid(user);
    await user.click(screen.getByTestId('create-incident-submit'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Unavailable'));
    await user.click(screen.getByTestId('create-incident-submit'));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith({ id: '7', key: 'INC-2026-000007' }));
    expect(keys[0]).toBe(keys[1]);
  });

  it('renders Chinese labels when the user chose zh-CN', () => {
    renderWithApp(<CreateIncidentForm onCreated={() => undefined} />, { lang: 'zh-CN' });
    expect(screen.getByRole('heading', { name: '新建事件' })).toBeTruthy();
    expect(screen.getByLabelText(/^严重等级/)).toBeTruthy();
    expect(screen.getByRole('option', { name: '诈骗' })).toBeTruthy();
  });
});
