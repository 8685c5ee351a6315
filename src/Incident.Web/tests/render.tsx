import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { FALLBACK_REFERENCE, ReferenceProvider } from '../src/app/reference';
import { ToastProvider } from '../src/app/toasts';
import { I18nProvider, saveLang, type Lang } from '../src/i18n/i18n';

/** Render inside the app's providers, English unless told otherwise. */
export function renderWithApp(ui: ReactElement, { lang = 'en', username = 'tester' }: { lang?: Lang; username?: string } = {}) {
  saveLang(username, lang);
  return render(
    <I18nProvider username={username}>
      <ToastProvider>
        <ReferenceProvider load={() => Promise.resolve(FALLBACK_REFERENCE)}>{ui}</ReferenceProvider>
      </ToastProvider>
    </I18nProvider>,
  );
}

export function jsonResponse(status: number, body: unknown, contentType = 'application/json'): Response {
  return new Response(body === undefined ? '' : JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}
