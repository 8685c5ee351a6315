import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, mapFieldErrors } from '../../api/client';
import { ErrorBox, Field } from '../../app/forms';
import { useToast } from '../../app/toasts';
import { LANGS, useI18n } from '../../i18n/i18n';
import { decideAppeal, fileAppeal, problemCode } from './enforcementApi';
import { DeliveryBadge, problemText, SubjectName, useLabels } from './enforcementLabels';
import type { Appeal, AppealOutcome, NoticeLanguage } from './enforcementTypes';

type Errors = { byField: Record<string, string[]>; other: string[] };
const NONE: Errors = { byField: {}, other: [] };

/** Decide one pending appeal: outcome, reason (required), the language of the notice to the subject. */
export function DecideDialog({ appeal: a, onClose, onDecided, onStale }: {
  appeal: Appeal;
  onClose: () => void;
  onDecided: (a: Appeal) => void;
  onStale: (message: string) => void;
}) {
  const { t, lang } = useI18n();
  const headingId = useId();
  const first = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<AppealOutcome | ''>('');
  const [reason, setReason] = useState('');
  const [language, setLanguage] = useState<NoticeLanguage>(lang);
  const [errors, setErrors] = useState<Errors>(NONE);
  const [busy, setBusy] = useState(false);
  useEffect(() => first.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const byField: Record<string, string[]> = {};
    if (!outcome) byField.outcome = [t('gov.appeals.outcomeRequired')];
    if (!reason.trim()) byField.reason = [t('validation.required')];
    if (Object.keys(byField).length) {
      setErrors({ byField, other: [] });
      return;
    }
    setBusy(true);
    setErrors(NONE);
    try {
      onDecided(await decideAppeal(a.id, { outcome: outcome as AppealOutcome, reason: reason.trim(), language }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        onStale(t(problemCode(err) === 'appeal-decided' ? 'gov.appeals.alreadyDecided' : 'gov.appeals.conflict', { message: err.message }));
      } else if (err instanceof ApiError && err.status === 400) {
        setErrors(mapFieldErrors(err.errors, ['outcome', 'reason', 'language']));
      } else setErrors({ byField: {}, other: problemText(err, t, { '403': 'gov.appeals.forbiddenDecide' }) });
    } finally {
      setBusy(false);
    }
  }

  const outcomeErr = errors.byField.outcome;
  return (
    <div
      role="dialog"
      aria-labelledby={headingId}
      className="gov-dialog"
      data-testid="decide-dialog"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <h2 id={headingId}>
        {t('gov.appeals.decideTitle')} <SubjectName subject={a.subject} link={false} />
      </h2>
      <form onSubmit={submit} noValidate data-testid="decide-form">
        <fieldset className={`field radio-group${outcomeErr ? ' field-invalid' : ''}`} aria-describedby={outcomeErr ? `${headingId}-oerr` : undefined}>
          <legend>
            {t('gov.appeals.outcome')}
            <span className="req" aria-hidden="true"> *</span>
          </legend>
          {(['upheld', 'overturned'] as const).map((o, i) => (
            <label key={o} className="radio">
              <input
                ref={i === 0 ? first : undefined}
                type="radio"
                name={`outcome-${a.id}`}
                value={o}
                checked={outcome === o}
                onChange={() => setOutcome(o)}
                data-testid={`decide-${o}`}
              />
              {t(`gov.appeals.outcome.${o}`)}
            </label>
          ))}
          {outcomeErr && (
            <div className="field-error" id={`${headingId}-oerr`} role="alert">
              {outcomeErr.join(' ')}
            </div>
          )}
        </fieldset>
        <Field label={t('gov.appeals.reason')} name="reason" required hint={t('gov.appeals.reasonHint')} errors={errors.byField.reason}>
          {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="decide-reason" />}
        </Field>
        <Field label={t('gov.appeals.noticeLanguage')} name="language" hint={t('gov.appeals.noticeLanguageHint')} errors={errors.byField.language}>
          {(p) => (
            <select {...p} value={language} onChange={(e) => setLanguage(e.target.value as NoticeLanguage)} data-testid="decide-language">
              {LANGS.map((l) => (
                <option key={l.value} value={l.value} lang={l.value}>
                  {l.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ErrorBox messages={errors.other} />
        <div className="form-buttons">
          <button type="submit" disabled={busy} data-testid="decide-submit">
            {t('gov.appeals.confirmDecision')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('app.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** What a decision did: the record reversed (overturn) or kept, and the notice's delivery. */
export function DecisionResult({ appeal: a, onDismiss }: { appeal: Appeal; onDismiss: () => void }) {
  const { t, tv } = useI18n();
  const { noticeLanguage } = useLabels();
  return (
    <div className="panel gov-result" role="status" data-testid="decision-result" data-outcome={a.status}>
      <p>
        <strong>
          {t('gov.appeals.result', { key: a.ruleKey, outcome: tv('gov.enforcement.appealStatus', a.status) })} <SubjectName subject={a.subject} />
        </strong>
      </p>
      <p>{a.status === 'overturned' ? t('gov.appeals.resultOverturned', { record: a.enforcementExternalId }) : t('gov.appeals.resultUpheld', { record: a.enforcementExternalId })}</p>
      <p data-testid="decision-notice">
        {a.notice ? (
          <>
            {t('gov.appeals.resultNotice', { language: noticeLanguage(a.notice.language) })} <DeliveryBadge status={a.notice.deliveryStatus} error={a.notice.error} />
            {a.notice.error ? ` ${t('gov.enforcement.deliveryError', { error: a.notice.error })}` : ''}
          </>
        ) : (
          t('gov.appeals.resultNoNotice')
        )}
      </p>
      <button type="button" className="secondary" onClick={onDismiss}>
        {t('app.close')}
      </button>
    </div>
  );
}

/** File an appeal on a record by its external id (operators, leaders, admins). */
export function FileAppealForm({ onFiled }: { onFiled: (a: Appeal) => void }) {
  const { t, formatTime } = useI18n();
  const notify = useToast();
  const headingId = useId();
  const [externalId, setExternalId] = useState('');
  const [statement, setStatement] = useState('');
  const [filedAt, setFiledAt] = useState('');
  const [errors, setErrors] = useState<Errors>(NONE);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const byField: Record<string, string[]> = {};
    if (!externalId.trim()) byField.enforcementExternalId = [t('validation.required')];
    if (!statement.trim()) byField.statement = [t('validation.required')];
    const when = filedAt ? new Date(filedAt) : null;
    if (when && Number.isNaN(when.getTime())) byField.filedAt = [t('gov.appeals.badTime')];
    if (Object.keys(byField).length) {
      setErrors({ byField, other: [] });
      return;
    }
    setBusy(true);
    setErrors(NONE);
    try {
      const a = await fileAppeal({ enforcementExternalId: externalId.trim(), statement: statement.trim(), ...(when ? { filedAt: when.toISOString() } : {}) });
      notify(t('gov.appeals.filed', { due: formatTime(a.dueAt) }), 'success');
      setExternalId('');
      setStatement('');
      setFiledAt('');
      onFiled(a);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && Object.keys(err.errors).length) {
        setErrors(mapFieldErrors(err.errors, ['enforcementExternalId', 'statement', 'filedAt']));
      } else
        setErrors({
          byField: {},
          other: problemText(err, t, {
            'record-reversed': 'gov.appeals.recordReversed',
            'appeal-exists': 'gov.appeals.appealExists',
            '403': 'gov.appeals.forbiddenFile',
            '404': 'gov.appeals.recordNotFound',
          }),
        });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="file-appeal">
      <h2 id={headingId}>{t('gov.appeals.fileTitle')}</h2>
      <form onSubmit={submit} noValidate data-testid="file-appeal-form">
        <div className="field-row">
          <Field label={t('gov.appeals.externalId')} name="enforcementExternalId" required hint={t('gov.appeals.externalIdHint')} errors={errors.byField.enforcementExternalId}>
            {(p) => <input {...p} type="text" maxLength={200} value={externalId} onChange={(e) => setExternalId(e.target.value)} data-testid="file-appeal-record" />}
          </Field>
          <Field label={t('gov.appeals.filedAtField')} name="filedAt" hint={t('gov.appeals.filedAtHint')} errors={errors.byField.filedAt}>
            {(p) => <input {...p} type="datetime-local" value={filedAt} onChange={(e) => setFiledAt(e.target.value)} />}
          </Field>
        </div>
        <Field label={t('gov.appeals.statement')} name="statement" required hint={t('gov.appeals.statementHint')} errors={errors.byField.statement}>
          {(p) => <textarea {...p} rows={3} maxLength={10_000} value={statement} onChange={(e) => setStatement(e.target.value)} data-testid="file-appeal-statement" />}
        </Field>
        <ErrorBox messages={errors.other} />
        <div className="form-buttons">
          <button type="submit" disabled={busy} data-testid="file-appeal-submit">
            {t('gov.appeals.file')}
          </button>
        </div>
      </form>
    </section>
  );
}
