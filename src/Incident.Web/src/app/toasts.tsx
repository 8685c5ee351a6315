import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

export type ToastKind = 'info' | 'success' | 'error';
/** A toast may carry one link (e.g. to what just arrived); such toasts stay longer so it can be followed. */
export interface ToastLink {
  href: string;
  label: string;
}

interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
  link?: ToastLink;
}

type Notify = (text: string, kind?: ToastKind, link?: ToastLink) => void;
const ToastContext = createContext<Notify>(() => undefined);

export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((x) => x.id !== id)), []);
  const notify = useCallback<Notify>(
    (text, kind = 'info', link) => {
      const id = next.current++;
      setToasts((ts) => [...ts.slice(-4), { id, kind, text, link }]);
      setTimeout(() => dismiss(id), kind === 'error' ? 12000 : link ? 15000 : 6000);
    },
    [dismiss],
  );
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" aria-live="polite" aria-atomic="false" role="status" data-testid="toasts">
        {toasts.map((x) => (
          <div key={x.id} className={`toast toast-${x.kind}`} data-testid="toast" data-kind={x.kind}>
            <span>{x.text}</span>
            {x.link && (
              <a href={x.link.href} data-testid="toast-link" onClick={() => dismiss(x.id)}>
                {x.link.label}
              </a>
            )}
            <button type="button" className="link-button" onClick={() => dismiss(x.id)} aria-label={t('app.close')}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Notify {
  return useContext(ToastContext);
}
