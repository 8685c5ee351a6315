import type { LiveEvent } from '../api/types';

export type ConnState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** The part of a SignalR HubConnection the store uses, so tests can hand it a fake. */
export interface HubLike {
  start(): Promise<void>;
  stop(): Promise<void>;
  on(method: string, handler: (...args: never[]) => void): void;
  invoke(method: string, ...args: unknown[]): Promise<unknown>;
  onreconnecting(cb: (error?: Error) => void): void;
  onreconnected(cb: (connectionId?: string) => void): void;
  onclose(cb: (error?: Error) => void): void;
}

export interface LiveStoreOptions {
  createConnection: () => HubLike;
  /** GET /api/events?after=&limit= — the events the caller may see, in seq order. */
  fetchAfter: (after: number, limit: number) => Promise<LiveEvent[]>;
  pageSize?: number;
  maxPages?: number;
  /** After the automatic reconnect policy gives up, try again this often. */
  restartDelayMs?: number;
}

type EventListener = (e: LiveEvent) => void;
type Listener = () => void;

const SEEN_LIMIT = 5000;

/**
 * One hub connection per signed-in tab. Tracks the last seen seq; on every (re)connect it asks
 * the server for what it missed, replays it in seq order and drops duplicates, while buffering
 * live pushes that arrive during the catch-up (DESIGN.md "a client that reconnects misses nothing").
 */
export class LiveStore {
  state: ConnState = 'offline';
  lastSeq: number | null = null;

  private conn: HubLike | null = null;
  private readonly eventListeners = new Set<EventListener>();
  private readonly stateListeners = new Set<Listener>();
  private readonly resyncListeners = new Set<Listener>();
  private readonly watched = new Map<string, number>();
  private readonly seen = new Set<number>();
  private readonly seenOrder: number[] = [];
  private buffer: LiveEvent[] = [];
  /** Catch-ups started and not finished; live pushes are buffered while any is pending. */
  private pendingCatchUps = 0;
  private catchUpChain: Promise<void> = Promise.resolve();
  private stopped = true;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pageSize: number;
  private readonly maxPages: number;
  private readonly restartDelayMs: number;

  constructor(private readonly opts: LiveStoreOptions) {
    this.pageSize = opts.pageSize ?? 500;
    this.maxPages = opts.maxPages ?? 40;
    this.restartDelayMs = opts.restartDelayMs ?? 15000;
  }

  getState = (): ConnState => this.state;

  subscribeState = (l: Listener): (() => void) => {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  };

  subscribe(l: EventListener): () => void {
    this.eventListeners.add(l);
    return () => this.eventListeners.delete(l);
  }

  /** Called after every (re)connect once catch-up is done: views whose state may be stale re-fetch. */
  onResync(l: Listener): () => void {
    this.resyncListeners.add(l);
    return () => this.resyncListeners.delete(l);
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (!this.conn) {
      const conn = this.opts.createConnection();
      this.conn = conn;
      conn.on('event', ((e: LiveEvent) => this.receive(e)) as (...args: never[]) => void);
      conn.onreconnecting(() => this.setState('reconnecting'));
      conn.onreconnected(() => void this.connected());
      conn.onclose(() => {
        this.setState('offline');
        this.scheduleRestart();
      });
    }
    this.setState(this.state === 'offline' ? 'connecting' : this.state);
    try {
      await this.conn.start();
    } catch {
      this.setState('offline');
      this.scheduleRestart();
      return;
    }
    await this.connected();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const conn = this.conn;
    this.conn = null;
    this.setState('offline');
    if (conn) await conn.stop().catch(() => undefined);
  }

  /** Follow one incident (hub groups are per connection, so re-sent after each reconnect). */
  watch(incidentId: string): () => void {
    const n = this.watched.get(incidentId) ?? 0;
    this.watched.set(incidentId, n + 1);
    if (n === 0 && this.state === 'connected') this.invoke('Watch', incidentId);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.watched.get(incidentId) ?? 1) - 1;
      if (left > 0) {
        this.watched.set(incidentId, left);
        return;
      }
      this.watched.delete(incidentId);
      if (this.state === 'connected') this.invoke('Unwatch', incidentId);
    };
  }

  /** Catch-up currently running (or queued) — resolves when done. For tests and callers that must wait. */
  idle(): Promise<void> {
    return this.catchUpChain;
  }

  private async connected(): Promise<void> {
    if (this.stopped) return;
    this.setState('connected');
    for (const id of this.watched.keys()) this.invoke('Watch', id);
    // Buffer from this moment, so a push arriving before the fetch starts cannot move lastSeq past a gap.
    const needed = this.lastSeq !== null;
    if (needed) this.pendingCatchUps++;
    this.catchUpChain = this.catchUpChain.then(() => this.catchUp(needed));
    await this.catchUpChain;
  }

  private async catchUp(needed: boolean): Promise<void> {
    if (needed) {
      try {
        let after = this.lastSeq ?? 0;
        for (let page = 0; page < this.maxPages; page++) {
          const events = await this.opts.fetchAfter(after, this.pageSize);
          this.deliver(events);
          const max = events.reduce((m, e) => Math.max(m, e.seq), after);
          if (events.length < this.pageSize || max <= after) break;
          after = max;
        }
      } catch {
        // The views re-fetch their own state on resync, so a failed catch-up loses nothing visible.
      } finally {
        this.pendingCatchUps--;
        if (this.pendingCatchUps === 0) {
          const buffered = this.buffer;
          this.buffer = [];
          this.deliver(buffered);
        }
      }
    }
    for (const l of [...this.resyncListeners]) l();
  }

  private receive(e: LiveEvent): void {
    if (!e || typeof e.seq !== 'number') return;
    if (this.pendingCatchUps > 0) this.buffer.push(e);
    else this.deliver([e]);
  }

  private deliver(events: LiveEvent[]): void {
    const sorted = [...events].sort((a, b) => a.seq - b.seq);
    for (const e of sorted) {
      if (this.seen.has(e.seq)) continue;
      this.remember(e.seq);
      if (this.lastSeq === null || e.seq > this.lastSeq) this.lastSeq = e.seq;
      for (const l of [...this.eventListeners]) {
        try {
          l(e);
        } catch (err) {
          console.error(err);
        }
      }
    }
  }

  private remember(seq: number): void {
    this.seen.add(seq);
    this.seenOrder.push(seq);
    if (this.seenOrder.length > SEEN_LIMIT) this.seen.delete(this.seenOrder.shift()!);
  }

  private invoke(method: string, id: string): void {
    this.conn?.invoke(method, id).catch(() => undefined);
  }

  private scheduleRestart(): void {
    if (this.stopped || this.restartTimer) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped) void this.start();
    }, this.restartDelayMs);
  }

  private setState(s: ConnState): void {
    if (this.state === s) return;
    this.state = s;
    for (const l of [...this.stateListeners]) l();
  }
}
