import { useSyncExternalStore } from 'react';

export interface Countdown {
  /** "2d 03h", "1h 05m", "04:09" — the magnitude of the time left (or overdue). */
  text: string;
  breached: boolean;
  /** Less than `soonMs` left. */
  soon: boolean;
  ms: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d}d ${pad(h)}h`;
  if (h > 0) return `${h}h ${pad(m)}m`;
  return `${pad(m)}:${pad(s)}`;
}

export function countdown(dueAt: string | null | undefined, now: number, soonMs = 5 * 60 * 1000): Countdown | null {
  if (!dueAt) return null;
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return null;
  const ms = due - now;
  return { text: formatDuration(ms), breached: ms <= 0, soon: ms > 0 && ms < soonMs, ms };
}

// One shared 1 s clock for every countdown on screen.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(l: () => void): () => void {
  listeners.add(l);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const f of [...listeners]) f();
    }, 1000);
  }
  return () => {
    listeners.delete(l);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
