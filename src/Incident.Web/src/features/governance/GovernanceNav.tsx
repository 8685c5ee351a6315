import { href } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import './rules.css';

/** Rules · Appeals · Subject lookup, on top of every governance screen. */
export function GovernanceNav({ active }: { active: 'rules' | 'appeals' | 'subjects' }) {
  const { t } = useI18n();
  const items = [
    { key: 'rules', href: href.governance(), label: t('gov.nav.rules') },
    { key: 'appeals', href: href.governanceAppeals(), label: t('gov.nav.appeals') },
    { key: 'subjects', href: href.governanceSubjects(), label: t('gov.nav.subjects') },
  ] as const;
  return (
    <nav className="gov-nav" aria-label={t('gov.nav.label')} data-testid="governance-nav">
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            <a href={i.href} aria-current={active === i.key ? 'page' : undefined} data-testid={`governance-nav-${i.key}`}>
              {i.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
