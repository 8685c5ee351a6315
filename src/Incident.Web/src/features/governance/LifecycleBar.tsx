import { useId, useState } from 'react';
import { ApiError } from '../../api/client';
import { ErrorBox } from '../../app/forms';
import { useToast } from '../../app/toasts';
import type { MsgKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n';
import { transitionRule } from './governanceApi';
import { TRANSITIONS, type Rule, type Transition } from './governanceTypes';

/** The readable sentence for a refused transition; the server's own detail follows it. */
function refusal(err: unknown, t: (k: MsgKey, p?: Record<string, string | number>) => string): string[] {
  if (!(err instanceof ApiError)) return [err instanceof Error ? err.message : String(err)];
  const code = err.type?.split('/').pop();
  const lead =
    err.status === 403
      ? t('gov.lifecycle.forbidden')
      : code === 'rule-not-approved'
        ? t('gov.lifecycle.notApproved')
        : err.status === 409
          ? t('gov.lifecycle.notAllowed')
          : t('app.error', { message: err.message });
  return err.status === 403 || err.status === 409 ? [lead, err.message].filter((m, i, xs) => m && xs.indexOf(m) === i) : [lead];
}

/** Only the transitions the server offers this caller now (`allowedTransitions`); reject asks a reason, retire a confirmation. */
export function LifecycleBar({ rule, onChanged }: { rule: Rule; onChanged: (r: Rule) => void }) {
  const { t } = useI18n();
  const notify = useToast();
  const reasonId = useId();
  const [open, setOpen] = useState<'reject' | 'retire' | null>(null);
  const [reason, setReason] = useState('');
  const [reasonErr, setReasonErr] = useState<string | null>(null);
  const [problem, setProblem] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const offered = TRANSITIONS.filter((tr) => (rule.allowedTransitions ?? []).includes(tr));

  async function run(tr: Transition, body?: { reason?: string }) {
    setBusy(true);
    setProblem([]);
    try {
      const r = await transitionRule(rule.id, tr, body);
      setOpen(null);
      setReason('');
      notify(t(`gov.lifecycle.done.${tr}` as MsgKey, { key: r.key ?? rule.key, version: r.version ?? rule.version }), 'success');
      onChanged(r);
    } catch (e) {
      setProblem(refusal(e, t));
    } finally {
      setBusy(false);
    }
  }

  if (offered.length === 0) return <p className="muted small" data-testid="lifecycle-none">{t('gov.lifecycle.none')}</p>;
  return (
    <div data-testid="lifecycle">
      <div className="lifecycle-buttons">
        {offered.map((tr) => (
          <button
            key={tr}
            type="button"
            className={tr === 'retire' || tr === 'reject' ? 'secondary' : undefined}
            disabled={busy}
            aria-expanded={tr === 'reject' || tr === 'retire' ? open === tr : undefined}
            onClick={() => {
              setProblem([]);
              if (tr === 'reject' || tr === 'retire') setOpen(open === tr ? null : tr);
              else void run(tr);
            }}
            data-testid={`rule-transition-${tr}`}
          >
            {t(`gov.lifecycle.${tr}` as MsgKey)}
          </button>
        ))}
      </div>
      {open === 'reject' && (
        <form
          className="lifecycle-confirm"
          data-testid="reject-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) {
              setReasonErr(t('validation.required'));
              return;
            }
            setReasonErr(null);
            void run('reject', { reason: reason.trim() });
          }}
        >
          <div className={`field${reasonErr ? ' field-invalid' : ''}`}>
            <label htmlFor={reasonId}>
              {t('gov.lifecycle.rejectReason')}
              <span className="req" aria-hidden="true"> *</span>
            </label>
            <textarea
              id={reasonId}
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-required
              aria-invalid={reasonErr ? true : undefined}
              aria-describedby={reasonErr ? `${reasonId}-err` : undefined}
              data-testid="reject-reason"
            />
            {reasonErr && (
              <div className="field-error" id={`${reasonId}-err`} role="alert" data-testid="field-error-reason">
                {reasonErr}
              </div>
            )}
          </div>
          <div className="form-buttons">
            <button type="submit" disabled={busy} data-testid="reject-confirm">
              {t('gov.lifecycle.rejectConfirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(null)}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      )}
      {open === 'retire' && (
        <div className="lifecycle-confirm" role="group" aria-label={t('gov.lifecycle.retire')} data-testid="retire-confirm-box">
          <p>{t('gov.lifecycle.retireQuestion', { key: rule.key })}</p>
          <div className="form-buttons">
            <button type="button" className="danger" disabled={busy} onClick={() => void run('retire')} data-testid="retire-confirm">
              {t('gov.lifecycle.retireConfirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(null)}>
              {t('app.cancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorBox messages={problem} />
    </div>
  );
}
