import { useI18n } from '../../i18n/i18n';
import { countdown, useNow } from './countdown';

/** Live time left to `dueAt`; red when breached (or when `breached` says so). */
export function SlaCountdown({ dueAt, breached }: { dueAt: string | null | undefined; breached?: boolean }) {
  const { t, formatTime } = useI18n();
  const now = useNow();
  const c = countdown(dueAt, now);
  if (!c) {
    return breached ? <span className="sla sla-breached">{t('sla.breached')}</span> : <span className="sla sla-none">{t('sla.none')}</span>;
  }
  const isBreached = c.breached || !!breached;
  const cls = isBreached ? 'sla sla-breached' : c.soon ? 'sla sla-soon' : 'sla';
  return (
    <time className={cls} dateTime={dueAt ?? undefined} title={formatTime(dueAt)} data-testid="sla-countdown" data-breached={isBreached}>
      {c.breached ? t('sla.overdue', { time: c.text }) : t('sla.remaining', { time: c.text })}
    </time>
  );
}
