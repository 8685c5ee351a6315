import type { LiveEvent, User } from '../../api/types';
import { href } from '../../app/router';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { useLiveEvents } from '../../live/useLive';

/** What the signed-in user is told of a live event, if anything: they were made lead, or an update was posted. */
export function noticeFor(e: LiveEvent, user: Pick<User, 'username'>): 'lead' | 'update' | null {
  if (e.actor === user.username) return null;
  const d = e.data ?? {};
  if (e.type === 'incident.lead-changed' && d.to === user.username) return 'lead';
  if (e.type === 'incident.status-update') return 'update';
  return null;
}

/** Issue 10: the new lead is told wherever they are in the app, like a handoff target; status updates reach everyone who receives them. */
export function LeadNotices({ user }: { user: User }) {
  const { t, tv } = useI18n();
  const notify = useToast();
  useLiveEvents((e) => {
    const kind = noticeFor(e, user);
    if (!kind) return;
    const link = { href: href.incident(e.incidentId), label: e.incidentKey };
    if (kind === 'lead') notify(t('people.youLead', { key: e.incidentKey }), 'info', link);
    else notify(t('update.received', { key: e.incidentKey, status: tv('updateStatus', String(e.data?.status ?? '')) }), 'info', link);
  });
  return null;
}
