import type { User } from '../api/types';
import { can, session } from '../features/auth/session';
import { govCan } from '../features/governance/rules';
import { LANGS, useI18n, type Lang } from '../i18n/i18n';
import type { MsgKey } from '../i18n/en';
import { useConnectionState } from '../live/useLive';
import { href, type Route } from './router';

interface NavItem {
  key: MsgKey;
  href: string;
  match: Route['name'][];
}

export function navFor(user: User | null): NavItem[] {
  const items: NavItem[] = [];
  const partnerOnly = !!user && user.roles.length > 0 && user.roles.every((r) => r === 'partner');
  items.push({
    key: partnerOnly ? 'nav.myIncidents' : 'nav.incidents',
    href: href.incidents(),
    match: ['incidents', 'incident', 'newIncident'],
  });
  if (user) items.push({ key: 'nav.myWork', href: href.work(), match: ['work'] });
  if (can.useInbox(user)) items.push({ key: 'nav.inbox', href: href.inbox(), match: ['inbox'] });
  if (can.viewBoard(user)) items.push({ key: 'nav.board', href: href.board(), match: ['board'] });
  if (can.viewSignals(user)) items.push({ key: 'nav.signals', href: href.signals(), match: ['signals', 'series'] });
  if (user) items.push({ key: 'nav.status', href: href.status(), match: ['status'] });
  items.push({ key: 'nav.reports', href: href.reports(), match: ['reports', 'report'] });
  if (govCan.view(user))
    items.push({ key: 'gov.nav', href: href.governance(), match: ['governance', 'ruleNew', 'rule', 'ruleEdit', 'appeals', 'subjects'] });
  if (can.viewWorkflows(user))
    items.push({ key: 'nav.workflows', href: href.workflows(), match: ['workflows', 'workflow', 'workflowEdit', 'instance'] });
  if (can.manageUsers(user)) items.push({ key: 'nav.users', href: href.users(), match: ['users'] });
  return items;
}

/** The browsable API reference the service serves (Scalar, over /openapi/v1.json; ADR-0017). */
export const API_REFERENCE_PATH = '/scalar';

export function ApiReferenceLink() {
  const { t } = useI18n();
  return (
    <a className="api-reference" href={API_REFERENCE_PATH} target="_blank" rel="noopener" data-testid="api-reference-link">
      {t('nav.apiReference')}
      <span className="visually-hidden"> {t('nav.newTab')}</span>
    </a>
  );
}

export function ConnectionBadge() {
  const { t } = useI18n();
  const state = useConnectionState();
  return (
    <div className={`conn conn-${state}`} data-testid="connection-state" data-state={state}>
      <span className="conn-dot" aria-hidden="true" />
      <span className="visually-hidden">{t('conn.label')}: </span>
      <span aria-live="polite" role="status">
        {t(`conn.${state}` as MsgKey)}
      </span>
    </div>
  );
}

export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <label className="lang">
      <span className="visually-hidden">{t('lang.label')}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="language-switch" aria-label={t('lang.label')}>
        {LANGS.map((l) => (
          <option key={l.value} value={l.value} lang={l.value}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Header({ user, route }: { user: User; route: Route }) {
  const { t, tv } = useI18n();
  return (
    <header className="app-header">
      <a className="brand" href={href.incidents()}>
        {t('app.name')}
      </a>
      <nav aria-label={t('nav.label')} className="main-nav">
        <ul>
          {navFor(user).map((n) => (
            <li key={n.key}>
              <a href={n.href} aria-current={n.match.includes(route.name) ? 'page' : undefined} data-testid={`nav-${n.href.slice(2)}`}>
                {t(n.key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="header-tools">
        <ConnectionBadge />
        <LanguageSwitch />
        <ApiReferenceLink />
        <span className="user" data-testid="current-user">
          {user.displayName || user.username}
          <span className="user-meta">
            {user.roles.map((r) => tv('role', r)).join(', ')}
            {user.department ? ` · ${tv('department', user.department)}` : ''}
          </span>
        </span>
        <button type="button" className="secondary" onClick={() => session.signOut()} data-testid="sign-out">
          {t('auth.signOut')}
        </button>
      </div>
    </header>
  );
}
