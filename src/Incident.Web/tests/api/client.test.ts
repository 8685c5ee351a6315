import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, configureClient, fieldOfErrorKey, mapFieldErrors, request } from '../../src/api/client';
import { jsonResponse } from '../render';

describe('api client', () => {
  afterEach(() => configureClient({ getToken: () => null, onUnauthorized: () => undefined }));

  it('attaches the bearer token and sends JSON', async () => {
    const f = vi.fn(async () => jsonResponse(200, { ok: true }));
    configureClient({ getToken: () => 'abc', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    await expect(request('POST', '/api/x', { body: { a: 1 }, query: { q: 'a b', page: 2, none: undefined } })).resolves.toEqual({ ok: true });
    const [url, init] = f.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/x?q=a+b&page=2');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer abc');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(init.body).toBe('{"a":1}');
  });

  it('sends YAML as text with its content type', async () => {
    const f = vi.fn(async () => jsonResponse(201, { id: 'w' }));
    configureClient({ getToken: () => null, onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    await request('POST', '/api/workflows', { body: 'id: w\n', contentType: 'application/yaml' });
    const init = (f.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/yaml');
    expect(init.body).toBe('id: w\n');
  });

  it('parses problem details into ApiError', async () => {
    const f = vi.fn(async () =>
      jsonResponse(409, { type: 'https://incident.example/problems/bookmark-consumed', title: 'Conflict', detail: 'Taken by a timer' }),
    );
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    const err = (await request('POST', '/api/incidents/1/actions').catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(409);
    expect(err.bookmarkConsumed).toBe(true);
    expect(err.message).toBe('Taken by a timer');
  });

  it('reads 422 workflow problems from a list or from errors', () => {
    const a = new ApiError(422, { title: 'Invalid', problems: [{ activityId: 'triage', message: 'unknown type' }, 'global'] }, '');
    expect(a.problems).toEqual([{ activityId: 'triage', message: 'unknown type' }, { message: 'global' }]);
    const b = new ApiError(422, { errors: { escalate: ['bad duration'] } }, '');
    expect(b.problems).toEqual([{ activityId: 'escalate', path: 'escalate', message: 'bad duration' }]);
    expect(b.errors).toEqual({ escalate: ['bad duration'] });
    // The API's shape (SaveWorkflowDraft.cs): activityId, path, message.
    const c = new ApiError(422, { problems: [{ activityId: 'triage', path: 'activities[1].type', message: 'unknown activity type' }] }, '');
    expect(c.problems).toEqual([{ activityId: 'triage', path: 'activities[1].type', message: 'unknown activity type' }]);
  });

  it('calls onUnauthorized on 401 except for anonymous calls', async () => {
    const onUnauthorized = vi.fn();
    const f = vi.fn(async () => jsonResponse(401, { title: 'Unauthorized' }));
    configureClient({ getToken: () => 't', onUnauthorized, fetch: f as unknown as typeof fetch });
    await expect(request('POST', '/api/auth/token', { anonymous: true })).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(request('GET', '/api/incidents')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('turns a network failure into status 0', async () => {
    configureClient({ getToken: () => null, onUnauthorized: () => undefined, fetch: (async () => { throw new TypeError('fail'); }) as unknown as typeof fetch });
    await expect(request('GET', '/api/x')).rejects.toMatchObject({ status: 0 });
  });

  it('maps server field keys onto form fields', () => {
    expect(fieldOfErrorKey('Title')).toBe('title');
    expect(fieldOfErrorKey('$.businessLine')).toBe('businessLine');
    expect(fieldOfErrorKey('input.severity')).toBe('severity');
    expect(fieldOfErrorKey('tags[3]')).toBe('tags');
    const m = mapFieldErrors({ Title: ['a'], 'tags[0]': ['b'], 'tags[1]': ['c'], zzz: ['d'] }, ['title', 'tags']);
    expect(m.byField).toEqual({ title: ['a'], tags: ['b', 'c'] });
    expect(m.other).toEqual(['zzz: d']);
  });
});
