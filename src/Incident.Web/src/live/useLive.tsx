import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { LiveEvent } from '../api/types';
import type { ConnState, LiveStore } from './liveStore';

const LiveContext = createContext<LiveStore | null>(null);

export function LiveProvider({ store, children }: { store: LiveStore | null; children: ReactNode }) {
  return <LiveContext.Provider value={store}>{children}</LiveContext.Provider>;
}

export function useLiveStore(): LiveStore | null {
  return useContext(LiveContext);
}

const noSubscribe = () => () => undefined;

export function useConnectionState(): ConnState {
  const store = useLiveStore();
  return useSyncExternalStore(store?.subscribeState ?? noSubscribe, () => store?.state ?? 'offline');
}

/** Call `handler` for each live event (after catch-up ordering/dedupe); the latest handler is always used. */
export function useLiveEvents(handler: (e: LiveEvent) => void): void {
  const store = useLiveStore();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => store?.subscribe((e) => ref.current(e)), [store]);
}

export function useResync(handler: () => void): void {
  const store = useLiveStore();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => store?.onResync(() => ref.current()), [store]);
}

/** Watch(incidentId) while mounted, Unwatch when it closes. */
export function useWatch(incidentId: string | null | undefined): void {
  const store = useLiveStore();
  useEffect(() => {
    if (!store || !incidentId) return;
    return store.watch(incidentId);
  }, [store, incidentId]);
}

/** A stable function that runs `fn` once, `ms` after the last call. */
export function useDebounced(fn: () => void, ms: number): () => void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const cb = useRef(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      fnRef.current();
    }, ms);
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return cb.current;
}
