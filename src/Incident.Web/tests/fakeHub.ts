import type { LiveEvent } from '../src/api/types';

/** A hub connection for LiveStore in component tests: `handler(e)` pushes an event; `invoked` records Watch/Unwatch. */
export function fakeHub() {
  const hub = {
    handler: null as null | ((e: LiveEvent) => void),
    invoked: [] as [string, unknown][],
    start: async () => undefined,
    stop: async () => undefined,
    on: (_m: string, h: (e: LiveEvent) => void) => void (hub.handler = h),
    invoke: async (m: string, id: unknown) => void hub.invoked.push([m, id]),
    onreconnecting: () => undefined,
    onreconnected: () => undefined,
    onclose: () => undefined,
  };
  return hub;
}
