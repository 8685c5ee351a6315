import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../src/api/types';
import { LiveStore, type HubLike } from '../../src/live/liveStore';

class FakeHub implements HubLike {
  handlers = new Map<string, (...args: never[]) => void>();
  reconnecting?: (e?: Error) => void;
  reconnected?: (id?: string) => void;
  closed?: (e?: Error) => void;
  invoked: [string, unknown][] = [];
  starts = 0;
  failStart = false;

  async start() {
    this.starts++;
    if (this.failStart) throw new Error('down');
  }
  async stop() {}
  on(method: string, h: (...args: never[]) => void) {
    this.handlers.set(method, h);
  }
  async invoke(method: string, ...args: unknown[]) {
    this.invoked.push([method, args[0]]);
    return undefined;
  }
  onreconnecting(cb: (e?: Error) => void) {
    this.reconnecting = cb;
  }
  onreconnected(cb: (id?: string) => void) {
    this.reconnected = cb;
  }
  onclose(cb: (e?: Error) => void) {
    this.closed = cb;
  }
  push(e: LiveEvent) {
    (this.handlers.get('event') as unknown as (e: LiveEvent) => void)(e);
  }
}

const ev = (seq: number, incidentId = 'i1', type = 'incident.updated'): LiveEvent => ({
  seq,
  incidentId,
  incidentKey: `INC-${incidentId}`,
  type,
  stage: 'discovery',
  severity: 'S2',
  actor: 'operator1',
  departments: ['risk-ops'],
  occurredAt: '2026-11-21T10:00:00Z',
  data: {},
});

describe('LiveStore', () => {
  let hub: FakeHub;
  let fetchAfter: ReturnType<typeof vi.fn<(after: number, limit: number) => Promise<LiveEvent[]>>>;
  let store: LiveStore;
  let seen: number[];

  beforeEach(() => {
    hub = new FakeHub();
    fetchAfter = vi.fn<(after: number, limit: number) => Promise<LiveEvent[]>>(async () => []);
    store = new LiveStore({ createConnection: () => hub, fetchAfter, pageSize: 3, restartDelayMs: 1000 });
    seen = [];
    store.subscribe((e) => seen.push(e.seq));
  });
  afterEach(() => vi.useRealTimers());

  it('goes connecting → connected and delivers pushed events, tracking the last seq', async () => {
    const states: string[] = [];
    store.subscribeState(() => states.push(store.state));
    await store.start();
    expect(states).toEqual(['connecting', 'connected']);
    expect(fetchAfter).not.toHaveBeenCalled(); // nothing seen yet: nothing to catch up
    hub.push(ev(5));
    hub.push(ev(6));
    expect(seen).toEqual([5, 6]);
    expect(store.lastSeq).toBe(6);
  });

  it('after a reconnect fetches events after the last seen seq, in order, without duplicates', async () => {
    await store.start();
    hub.push(ev(10));
    hub.reconnecting!();
    expect(store.state).toBe('reconnecting');

    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    fetchAfter.mockImplementationOnce(async (after) => {
      expect(after).toBe(10);
      await gate;
      return [ev(11), ev(13), ev(12)]; // full page (size 3): ask again
    });
    fetchAfter.mockImplementationOnce(async (after) => {
      expect(after).toBe(13);
      return [ev(14)];
    });

    hub.reconnected!();
    expect(store.state).toBe('connected');
    // live pushes during catch-up are held back, then merged: 12 and 14 are duplicates, 15 is new
    hub.push(ev(15));
    hub.push(ev(12));
    hub.push(ev(14));
    expect(seen).toEqual([10]);
    release();
    await store.idle();

    expect(fetchAfter.mock.calls.map((c) => c[0])).toEqual([10, 13]);
    expect(seen).toEqual([10, 11, 12, 13, 14, 15]);
    expect(store.lastSeq).toBe(15);
    hub.push(ev(13));
    expect(seen).toEqual([10, 11, 12, 13, 14, 15]);
  });

  it('tells views to resync after each reconnect, even when catch-up fails', async () => {
    const resync = vi.fn();
    store.onResync(resync);
    await store.start();
    hub.push(ev(1));
    fetchAfter.mockRejectedValueOnce(new Error('500'));
    hub.reconnected!();
    await store.idle();
    expect(resync).toHaveBeenCalledTimes(2);
    hub.push(ev(2));
    expect(seen).toEqual([1, 2]);
  });

  it('re-sends Watch for watched incidents after reconnect and Unwatch when the last watcher leaves', async () => {
    await store.start();
    const un1 = store.watch('i1');
    const un2 = store.watch('i1');
    expect(hub.invoked).toEqual([['Watch', 'i1']]);
    hub.reconnected!();
    await store.idle();
    expect(hub.invoked).toEqual([
      ['Watch', 'i1'],
      ['Watch', 'i1'],
    ]);
    un1();
    expect(hub.invoked).toHaveLength(2);
    un2();
    un2();
    expect(hub.invoked[2]).toEqual(['Unwatch', 'i1']);
    expect(hub.invoked).toHaveLength(3);
  });

  it('watches requested while offline are sent once connected', async () => {
    store.watch('i9');
    expect(hub.invoked).toEqual([]);
    await store.start();
    expect(hub.invoked).toEqual([['Watch', 'i9']]);
  });

  it('goes offline when the connection closes and starts again later, catching up', async () => {
    vi.useFakeTimers();
    await store.start();
    hub.push(ev(3));
    hub.closed!(new Error('gone'));
    expect(store.state).toBe('offline');
    fetchAfter.mockResolvedValueOnce([ev(4)]);
    await vi.advanceTimersByTimeAsync(1000);
    await store.idle();
    expect(hub.starts).toBe(2);
    expect(store.state).toBe('connected');
    expect(fetchAfter).toHaveBeenCalledWith(3, 3);
    expect(seen).toEqual([3, 4]);
  });

  it('stays offline after stop()', async () => {
    vi.useFakeTimers();
    await store.start();
    await store.stop();
    hub.closed!();
    await vi.advanceTimersByTimeAsync(5000);
    expect(hub.starts).toBe(1);
    expect(store.state).toBe('offline');
  });
});
