import { useId, type ReactNode } from 'react';
import type { RefItem } from '../api/types';
import { useI18n } from '../i18n/i18n';

/** Label + control + hint + error, wired with aria-describedby / aria-invalid. */
export function Field({
  label,
  name,
  required,
  hint,
  errors,
  children,
}: {
  label: string;
  name: string;
  required?: boolean;
  hint?: string;
  errors?: string[];
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; 'aria-required'?: boolean }) => ReactNode;
}) {
  const { t } = useI18n();
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = errors?.length ? `${id}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${errors?.length ? ' field-invalid' : ''}`} data-field={name}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="req" aria-hidden="true" title={t('field.required')}>
            {' '}
            *
          </span>
        )}
      </label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': errors?.length ? true : undefined, 'aria-required': required || undefined })}
      {hint && (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      )}
      {errId && (
        <div className="field-error" id={errId} data-testid={`field-error-${name}`}>
          {errors!.join(' ')}
        </div>
      )}
    </div>
  );
}

/** Options for a code list, labelled through the dictionary (`prefix.value`) or the server's label. */
export function RefOptions({ items, prefix }: { items: RefItem[]; prefix: string }) {
  const { tv } = useI18n();
  return (
    <>
      {items.map((i) => (
        <option key={i.value} value={i.value}>
          {tv(prefix, i.value, i.label)}
        </option>
      ))}
    </>
  );
}

export function ErrorBox({ messages }: { messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div className="error-box" role="alert">
      {messages.length === 1 ? (
        messages[0]
      ) : (
        <ul>
          {messages.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
