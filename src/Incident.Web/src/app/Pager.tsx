import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/** Previous / next paging for every paged list (API.md: page from 1). */
export function Pager({ page, pages, onPage, label, summary }: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  label?: string;
  summary?: ReactNode;
}) {
  const { t } = useI18n();
  const position = t('incidents.page', { page, pages });
  return (
    <nav className="pager" aria-label={label ?? position}>
      <span aria-live="polite">{summary ?? position}</span>
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('incidents.prev')}
      </button>
      <button type="button" className="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('incidents.next')}
      </button>
    </nav>
  );
}
