import { describe, expect, it } from 'vitest';
import { countdown, formatDuration } from '../../../src/features/sla/countdown';

describe('SLA countdown', () => {
  const now = Date.parse('2026-11-21T10:00:00Z');

  it('formats minutes:seconds under an hour, hours+minutes under a day, days+hours beyond', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(65_000)).toBe('01:05');
    expect(formatDuration(59 * 60_000 + 59_000)).toBe('59:59');
    expect(formatDuration(3600_000 + 5 * 60_000)).toBe('1h 05m');
    expect(formatDuration(2 * 86400_000 + 3 * 3600_000)).toBe('2d 03h');
    expect(formatDuration(-125_000)).toBe('02:05');
  });

  it('counts down to dueAt and flags soon / breached', () => {
    expect(countdown('2026-11-21T10:15:00Z', now)).toEqual({ text: '15:00', breached: false, soon: false, ms: 900_000 });
    expect(countdown('2026-11-21T10:04:00Z', now)!.soon).toBe(true);
    const late = countdown('2026-11-21T09:58:30Z', now)!;
    expect(late.breached).toBe(true);
    expect(late.text).toBe('01:30');
    expect(countdown('2026-11-21T10:00:00Z', now)!.breached).toBe(true);
  });

  it('has nothing to show without a valid due time', () => {
    expect(countdown(null, now)).toBeNull();
    expect(countdown('not a date', now)).toBeNull();
  });
});
