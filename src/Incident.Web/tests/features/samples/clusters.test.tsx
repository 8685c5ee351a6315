import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import type { ClusterRun } from '../../../src/api/types';
import { ClusterCard, ClustersSection } from '../../../src/features/samples/ClustersSection';
import { clusterShare, parseK } from '../../../src/features/samples/clusters';
import { jsonResponse, renderWithApp } from '../../render';

const run = (k = 2): ClusterRun => ({
  id: 'run-1',
  k,
  kChosenAutomatically: true,
  silhouette: 0.4123,
  sampleCount: 10,
  clusters: [
    { id: 0, size: 3, terms: ['refund', 'scam'], summary: '3 samples about refund, scam', representatives: ['s1'], members: ['s1', 's2', 's3'] },
    {
      id: 1,
      size: 7,
      terms: ['live', 'gift', '<b>x</b>'],
      summary: '7 samples about live, gift',
      representatives: ['s4', 's9'],
      members: [],
      representativeSamples: [{ id: 's4', externalId: 's4', text: 'text of s4', url: 'https://example.test/s4' }],
    },
  ],
  createdBy: 'op',
  createdAt: '2026-11-21T10:00:00Z',
});

describe('cluster helpers', () => {
  it('validates K: empty is automatic, else 1–100 whole', () => {
    expect(parseK('')).toEqual({});
    expect(parseK(' 5 ')).toEqual({ k: 5 });
    expect(parseK('2.5')).toEqual({ error: 'integer' });
    expect(parseK('0')).toEqual({ error: 'range' });
    expect(parseK('101')).toEqual({ error: 'range' });
    expect(clusterShare(3, 10)).toBeCloseTo(0.3);
    expect(clusterShare(3, 0)).toBe(0);
  });
});

describe('cluster cards', () => {
  afterEach(() => configureClient({ getToken: () => null, onUnauthorized: () => undefined }));

  it('render the size bar, the terms as chips, the summary and the representative texts the API sent', () => {
    const c = { ...run().clusters[1]!, representativeSamples: [{ id: 's4', externalId: 's4', text: 'Send gifts now', url: 'javascript:alert(1)' }] };
    renderWithApp(
      <ul>
        <ClusterCard cluster={c} sampleCount={10} />
      </ul>,
    );
    const card = screen.getByTestId('cluster-card');
    expect(card.getAttribute('data-size')).toBe('7');
    expect(within(card).getAllByTestId('cluster-term').map((e) => e.textContent)).toEqual(['live', 'gift', '<b>x</b>']);
    expect(card.querySelector('b')).toBeNull();
    expect(within(card).getByTestId('cluster-summary').textContent).toBe('7 samples about live, gift');
    expect(within(card).getByRole('meter').getAttribute('aria-valuenow')).toBe('70');
    const reps = within(card).getAllByTestId('cluster-representative');
    expect(reps[0]!.textContent).toContain('Send gifts now');
    expect(reps[1]!.textContent).toContain('(sample no longer attached)');
    expect(within(card).queryByRole('link')).toBeNull();
  });

  it('loads the latest run, runs clustering with K and maps a 400 on clusters next to the K field', async () => {
    const user = userEvent.setup();
    const bodies: unknown[] = [];
    let latest: ClusterRun | null = null;
    const f = vi.fn(async (url: string, init: RequestInit) => {
      if (url === '/api/incidents/inc-1/clusters' && init.method === 'GET') return latest ? jsonResponse(200, latest) : jsonResponse(404, { title: 'Not found', status: 404 });
      if (url === '/api/incidents/inc-1/clusters' && init.method === 'POST') {
        bodies.push(JSON.parse(String(init.body)));
        if (bodies.length === 1) return jsonResponse(400, { status: 400, errors: { clusters: ["'clusters' must be between 1 and 100"] } });
        return jsonResponse(200, (latest = run(3)));
      }
      return jsonResponse(404, {});
    });
    configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
    renderWithApp(<ClustersSection incidentId="inc-1" canRun tick={0} />);
    await screen.findByText('No clustering run yet.');
    expect(screen.getByTestId('clusters-run').textContent).toBe('Run clustering (automatic K)');

    await user.type(screen.getByTestId('clusters-k'), '4');
    await user.click(screen.getByTestId('clusters-run'));
    await waitFor(() => expect(screen.getByTestId('field-error-clusters').textContent).toContain('between 1 and 100'));
    expect(bodies[0]).toEqual({ clusters: 4 });

    await user.clear(screen.getByTestId('clusters-k'));
    await user.click(screen.getByTestId('clusters-run'));
    await waitFor(() => expect(screen.getAllByTestId('cluster-card')).toHaveLength(2));
    expect(bodies[1]).toEqual({});
    // biggest cluster first
    expect(screen.getAllByTestId('cluster-card')[0]!.getAttribute('data-cluster-id')).toBe('1');
    expect(screen.getByTestId('clusters-meta').textContent).toContain('silhouette 0.412');
    expect(screen.getAllByTestId('cluster-representative')[0]!.textContent).toContain('text of s4');
    expect(screen.getAllByRole('link', { name: 'source' })[0]!.getAttribute('href')).toBe('https://example.test/s4');
    expect(f.mock.calls.some(([u]) => String(u).includes('/samples'))).toBe(false);
  });
});
