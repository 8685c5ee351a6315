import type { LiveEvent, User } from '../../api/types';
import { href } from '../../app/router';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { useLiveEvents } from '../../live/useLive';

export interface PublishedNotice {
  reportId: string;
  kind: string;
  title: string;
  incidentKey: string;
  department: string;
}

/**
 * Issue 5: a report published to the user's department is news for them wherever they are in the
 * app (a partner sits on the inbox); the publisher already saw their own confirmation.
 */
export function publishedNoticeFor(e: LiveEvent, user: Pick<User, 'username' | 'department'>): PublishedNotice | null {
  if (e.type !== 'report.published' || !user.department || e.actor === user.username) return null;
  const d = e.data ?? {};
  const audience = Array.isArray(d.audience) ? d.audience.map(String) : [];
  if (!audience.includes(user.department) || !d.reportId) return null;
  return {
    reportId: String(d.reportId),
    kind: typeof d.kind === 'string' ? d.kind : '',
    title: typeof d.title === 'string' ? d.title : '',
    incidentKey: e.incidentKey,
    department: user.department,
  };
}

export function PublishedReportNotices({ user }: { user: User }) {
  const { t, tv } = useI18n();
  const notify = useToast();
  useLiveEvents((e) => {
    const n = publishedNoticeFor(e, user);
    if (!n) return;
    notify(
      t('reports.publishedToYou', { kind: tv('reportKind', n.kind), title: n.title, key: n.incidentKey, department: tv('department', n.department) }),
      'info',
      { href: href.report(n.reportId), label: t('reports.open') },
    );
  });
  return null;
}
