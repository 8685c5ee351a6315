import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { ErrorBox, Field } from '../../app/forms';
import { useI18n } from '../../i18n/i18n';
import { govHref, getSubject } from './enforcementApi';
import { AppealStatusBadge, DeliveryBadge, problemText, useLabels } from './enforcementLabels';
import { SUBJECT_TYPES, type EnforcementRecord, type SubjectView } from './enforcementTypes';

const HISTORY_SHOWN = 200;

/** A subject's standing (#/governance/subjects/<type>/<id>), or the lookup form without one. */
export function SubjectPage({ type, id }: { type?: string; id?: string }) {
  const { t } = useI18n();
  const { subjectType } = useLabels();
  const [data, setData] = useState<SubjectView | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string[]>([]);

  const load = useCallback(() => {
    if (!type || !id) return;
    setData(null);
    setMissing(false);
    getSubject(type, id)
      .then((s) => {
        setData(s);
        setError([]);
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) setMissing(true);
        else setError(problemText(err, t));
      });
  }, [type, id, t]);
  useEffect(load, [load]);

  return (
    <div className="page" data-testid="subject-page" data-subject-type={type} data-subject-id={id}>
      <h1>{type && id ? `${subjectType(type)} ${id}` : t('gov.subject.title')}</h1>
      <SubjectLookup key={`${type ?? ''}/${id ?? ''}`} type={type} id={id} />
      <ErrorBox messages={error} />
      {missing && <p className="muted" data-testid="subject-missing">{t('gov.subject.nothing')}</p>}
      {type && id && !data && !missing && !error.length && <p className="muted">{t('app.loading')}</p>}
      {data && <SubjectStanding data={data} />}
    </div>
  );
}

function SubjectLookup({ type, id }: { type?: string; id?: string }) {
  const { t } = useI18n();
  const { subjectType } = useLabels();
  const [kind, setKind] = useState(type && (SUBJECT_TYPES as readonly string[]).includes(type) ? type : 'creator');
  const [value, setValue] = useState(id ?? '');
  const [err, setErr] = useState<string[] | undefined>();
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!value.trim()) {
      setErr([t('validation.required')]);
      return;
    }
    location.hash = govHref.subject(kind, value.trim());
  }
  return (
    <form className="panel field-row inline-form" onSubmit={submit} noValidate role="search" aria-label={t('gov.subject.lookup')} data-testid="subject-lookup">
      <Field label={t('gov.subject.type')} name="subjectType">
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value)} data-testid="subject-lookup-type">
            {SUBJECT_TYPES.map((s) => (
              <option key={s} value={s}>
                {subjectType(s)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('gov.subject.id')} name="subjectId" required errors={err}>
        {(p) => <input {...p} type="text" value={value} onChange={(e) => setValue(e.target.value)} data-testid="subject-lookup-id" />}
      </Field>
      <div className="form-buttons field">
        <button type="submit" data-testid="subject-lookup-submit">
          {t('gov.subject.show')}
        </button>
      </div>
    </form>
  );
}

function SubjectStanding({ data }: { data: SubjectView }) {
  const { t, formatTime } = useI18n();
  const { action, step, noticeLanguage } = useLabels();
  const names = new Map(data.rules.map((r) => [r.ruleId, r.ruleName]));
  const records = [...data.records].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  return (
    <>
      <section className="panel" aria-labelledby="subject-strikes">
        <h2 id="subject-strikes">{t('gov.subject.strikes')}</h2>
        <p>
          <span className="gov-big" data-testid="subject-active-strikes">
            {data.activeStrikes.toLocaleString()}
          </span>{' '}
          {t('gov.subject.activeStrikes', { count: data.activeStrikes })}
        </p>
        {data.rules.length === 0 ? (
          <p className="muted">{t('gov.subject.noRules')}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="subject-rules">
              <thead>
                <tr>
                  <th scope="col">{t('gov.subject.rule')}</th>
                  <th scope="col">{t('gov.subject.ruleActive')}</th>
                  <th scope="col">{t('gov.subject.nextStep')}</th>
                </tr>
              </thead>
              <tbody>
                {data.rules.map((r) => (
                  <tr key={r.ruleId} data-testid="subject-rule" data-rule-id={r.ruleId}>
                    <td>
                      <a href={govHref.rule(r.ruleId)} className="incident-key">
                        {r.ruleKey}
                      </a>{' '}
                      {r.ruleName}
                    </td>
                    <td className="num">{r.activeStrikes.toLocaleString()}</td>
                    {/* nextStep is the ladder step that applies (numbered by the ladder); the next offence is one strike more than now. */}
                    <td>
                      {r.nextStep
                        ? t('gov.subject.nextStepText', { strike: r.activeStrikes + 1, step: step(r.nextStep.action, r.nextStep.durationDays) })
                        : t('gov.subject.noNextStep')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="subject-penalties">
        <h2 id="subject-penalties">{t('gov.subject.penalties')}</h2>
        {data.activePenalties.length === 0 ? (
          <p className="muted">{t('gov.subject.noPenalties')}</p>
        ) : (
          <ul data-testid="subject-penalties">
            {data.activePenalties.map((p, i) => (
              <li key={i} data-testid="subject-penalty">
                {action(p.action)} · {p.ruleKey} · {p.until ? t('gov.subject.fromUntil', { from: formatTime(p.from), until: formatTime(p.until) }) : t('gov.subject.fromOpenEnded', { from: formatTime(p.from) })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="subject-history">
        <h2 id="subject-history">{t('gov.subject.history')}</h2>
        {records.length === 0 ? (
          <p className="muted">{t('gov.subject.noRecords')}</p>
        ) : (
          <>
            {records.length > HISTORY_SHOWN && <p className="hint">{t('gov.subject.historyTruncated', { shown: HISTORY_SHOWN, total: records.length })}</p>}
            <div className="table-wrap">
              <table data-testid="subject-history">
                <thead>
                  <tr>
                    <th scope="col">{t('gov.subject.when')}</th>
                    <th scope="col">{t('gov.subject.rule')}</th>
                    <th scope="col">{t('gov.subject.strike')}</th>
                    <th scope="col">{t('gov.subject.action')}</th>
                    <th scope="col">{t('gov.subject.recordId')}</th>
                    <th scope="col">{t('gov.subject.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {records.slice(0, HISTORY_SHOWN).map((r) => (
                    <RecordRow key={r.id} record={r} ruleName={names.get(r.ruleId)} />
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="subject-appeals">
        <h2 id="subject-appeals">{t('gov.subject.appeals')}</h2>
        {data.appeals.length === 0 ? (
          <p className="muted">{t('gov.subject.noAppeals')}</p>
        ) : (
          <ul className="inbox-list" data-testid="subject-appeals">
            {data.appeals.map((a) => (
              <li key={a.id} className="handoff" data-testid="subject-appeal" data-status={a.status}>
                <AppealStatusBadge status={a.status} /> {a.ruleKey} · {t('gov.appeals.record')}: {a.enforcementExternalId} · {t('gov.appeals.filedAt')}: {formatTime(a.filedAt)}
                {a.decidedAt ? ` · ${t('gov.subject.decidedAt', { at: formatTime(a.decidedAt) })}` : ''}
                <p className="note">{a.statement}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="subject-notices">
        <h2 id="subject-notices">{t('gov.subject.notices')}</h2>
        {data.notices.length === 0 ? (
          <p className="muted">{t('gov.subject.noNotices')}</p>
        ) : (
          <ul className="inbox-list" data-testid="subject-notices">
            {data.notices.map((n) => (
              <li key={n.id} className="handoff" data-testid="subject-notice">
                <DeliveryBadge status={n.deliveryStatus} error={n.error} /> <strong>{n.title}</strong> · {noticeLanguage(n.language)}
                {n.deliveredAt ? ` · ${t('gov.subject.deliveredAt', { at: formatTime(n.deliveredAt) })}` : ''}
                {n.error ? ` · ${t('gov.enforcement.deliveryError', { error: n.error })}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function RecordRow({ record: r, ruleName }: { record: EnforcementRecord; ruleName?: string }) {
  const { t, formatTime } = useI18n();
  const { step } = useLabels();
  return (
    <tr data-testid="subject-record" data-external-id={r.externalId} data-reversed={String(r.reversed)} data-shadow={String(r.shadow)}>
      <td>{formatTime(r.occurredAt)}</td>
      <td>
        <span className="incident-key">{r.ruleKey}</span>
        {ruleName ? ` ${ruleName}` : ''}
      </td>
      <td className="num">{r.shadow ? '—' : r.strike}</td>
      <td>{step(r.action, r.durationDays)}</td>
      <td>{r.externalId}</td>
      <td>
        <span className="head-badges">
          {r.reversed && (
            <span className="status gov-badge-reversed" title={r.reversedAt ? formatTime(r.reversedAt) : undefined}>
              {t('gov.subject.reversed')}
            </span>
          )}
          {r.shadow && <span className="status gov-badge-shadow">{t('gov.subject.shadow')}</span>}
          {r.grave && <span className="status gov-badge-grave">{t('gov.subject.grave')}</span>}
          {r.educationCompletedAt && <span className="status gov-check-met">{t('gov.subject.educationDone')}</span>}
          {!r.reversed && !r.shadow && !r.grave && !r.educationCompletedAt && <span className="muted">{t('gov.subject.applied')}</span>}
        </span>
      </td>
    </tr>
  );
}
