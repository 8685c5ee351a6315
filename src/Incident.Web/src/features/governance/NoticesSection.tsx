import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { ApiError, mapFieldErrors } from '../../api/client';
import { ErrorBox, Field } from '../../app/forms';
import { useToast } from '../../app/toasts';
import { LANGS, useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents } from '../../live/useLive';
import { session } from '../auth/session';
import { listNotices, sendNotices } from './enforcementApi';
import { parseSubjectList } from './enforcementCsv';
import { DeliveryBadge, may, problemText, SubjectName, useCsvProblemText, useLabels } from './enforcementLabels';
import {
  NOTICE_TEMPLATES,
  SEGMENT_KINDS,
  SUBJECT_TYPES,
  type Campaign,
  type Notice,
  type NoticeLanguage,
  type NoticeRequest,
  type NoticesView,
  type NoticeTemplate,
  type SegmentKind,
} from './enforcementTypes';

type Errors = { byField: Record<string, string[]>; other: string[] };
const NONE: Errors = { byField: {}, other: [] };

/**
 * The recipients of a campaign. The contract's notices carry no campaign id, so when the server
 * sends none they are matched by template and language (documented in the report to the API side).
 */
export function campaignNotices(c: Campaign, notices: Notice[]): Notice[] {
  if (notices.some((n) => n.campaignId)) return notices.filter((n) => n.campaignId === c.id);
  return notices.filter((n) => n.kind === c.template && n.language === c.language);
}

/** Market education for a rule: send templated notices to a segment, follow their delivery. */
export function NoticesSection({ ruleId }: { ruleId: string }) {
  const { t } = useI18n();
  const headingId = useId();
  const user = session.get()?.user ?? null;
  const [view, setView] = useState<NoticesView | null>(null);
  const [error, setError] = useState<string[]>([]);
  const load = useCallback(
    () =>
      listNotices(ruleId)
        .then((v) => {
          setView(v);
          setError([]);
        })
        .catch((err: unknown) => setError(problemText(err, t))),
    [ruleId, t],
  );
  useEffect(() => void load(), [load]);
  const reload = useDebounced(() => void load(), 1000);
  useLiveEvents((e) => {
    if (e.type.startsWith('notice.') && (!e.data?.ruleId || e.data.ruleId === ruleId)) reload();
  });

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="notices-section">
      <div className="page-head">
        <h2 id={headingId}>{t('gov.notices.title')}</h2>
        <button type="button" className="secondary" onClick={() => void load()}>
          {t('gov.notices.refresh')}
        </button>
      </div>
      {may.sendNotices(user) && <SendNoticesForm ruleId={ruleId} onSent={() => void load()} />}
      <ErrorBox messages={error} />
      {!view && !error.length && <p className="muted">{t('app.loading')}</p>}
      {view && <CampaignList view={view} />}
    </section>
  );
}

function SendNoticesForm({ ruleId, onSent }: { ruleId: string; onSent: (c: Campaign) => void }) {
  const { t, lang } = useI18n();
  const notify = useToast();
  const { subjectType } = useLabels();
  const problemTextOf = useCsvProblemText();
  const formId = useId();
  const [template, setTemplate] = useState<NoticeTemplate>('new-rule');
  const [segment, setSegment] = useState<SegmentKind>('guilds-of-business-line');
  const [minStrikes, setMinStrikes] = useState('1');
  const [list, setList] = useState('');
  const [listType, setListType] = useState('creator');
  const [language, setLanguage] = useState<NoticeLanguage>(lang);
  const [errors, setErrors] = useState<Errors>(NONE);
  const [busy, setBusy] = useState(false);
  const parsed = useMemo(() => (segment === 'subjects' && list.trim() ? parseSubjectList(list, listType) : null), [segment, list, listType]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const byField: Record<string, string[]> = {};
    const min = Number(minStrikes);
    if (segment === 'rule-offenders' && (!Number.isInteger(min) || min < 1)) byField.minStrikes = [t('validation.min', { min: 1 })];
    if (segment === 'subjects' && (!parsed || !parsed.subjects.length)) byField.subjects = [t('gov.notices.subjectsRequired')];
    else if (parsed?.problems.length) byField.subjects = [t('gov.notices.fixSubjects')];
    if (Object.keys(byField).length) {
      setErrors({ byField, other: [] });
      return;
    }
    const body: NoticeRequest = {
      template,
      segment:
        segment === 'rule-offenders' ? { kind: segment, minStrikes: min } : segment === 'subjects' ? { kind: segment, subjects: parsed!.subjects } : { kind: segment },
      language,
    };
    setBusy(true);
    setErrors(NONE);
    try {
      const c = await sendNotices(ruleId, body);
      notify(t('gov.notices.sent', { count: c.recipients, n: c.recipients.toLocaleString(lang) }), 'success');
      setList('');
      onSent(c);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && Object.keys(err.errors).length) {
        const m = mapFieldErrors(err.errors, ['template', 'segment', 'language']);
        const own = segment === 'rule-offenders' ? 'minStrikes' : segment === 'subjects' ? 'subjects' : null;
        const rest = [...m.other, ...(m.byField.template ?? []), ...(m.byField.language ?? []), ...(own ? [] : (m.byField.segment ?? []))];
        setErrors({ byField: own && m.byField.segment ? { [own]: m.byField.segment } : {}, other: rest });
      } else setErrors({ byField: {}, other: problemText(err, t, { '403': 'gov.notices.forbidden' }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="handoff-form" data-testid="notices-form" aria-label={t('gov.notices.send')}>
      <div className="field-row">
        <Field label={t('gov.notices.template')} name="template">
          {(p) => (
            <select {...p} value={template} onChange={(e) => setTemplate(e.target.value as NoticeTemplate)} data-testid="notices-template">
              {NOTICE_TEMPLATES.map((x) => (
                <option key={x} value={x}>
                  {t(`gov.enforcement.template.${x}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('gov.notices.language')} name="language">
          {(p) => (
            <select {...p} value={language} onChange={(e) => setLanguage(e.target.value as NoticeLanguage)} data-testid="notices-language">
              {LANGS.map((l) => (
                <option key={l.value} value={l.value} lang={l.value}>
                  {l.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className="field radio-group">
        <legend>{t('gov.notices.segment')}</legend>
        {SEGMENT_KINDS.map((k) => (
          <label key={k} className="radio">
            <input type="radio" name={`${formId}-segment`} value={k} checked={segment === k} onChange={() => setSegment(k)} data-testid={`notices-segment-${k}`} />
            {t(`gov.enforcement.segment.${k}`)}
          </label>
        ))}
      </fieldset>
      {segment === 'rule-offenders' && (
        <Field label={t('gov.notices.minStrikes')} name="minStrikes" hint={t('gov.notices.minStrikesHint')} errors={errors.byField.minStrikes}>
          {(p) => <input {...p} type="number" min={1} step={1} value={minStrikes} onChange={(e) => setMinStrikes(e.target.value)} data-testid="notices-min-strikes" />}
        </Field>
      )}
      {segment === 'subjects' && (
        <div className="field-row">
          <Field label={t('gov.notices.listType')} name="listType" hint={t('gov.notices.listTypeHint')}>
            {(p) => (
              <select {...p} value={listType} onChange={(e) => setListType(e.target.value)}>
                {SUBJECT_TYPES.map((s) => (
                  <option key={s} value={s}>
                    {subjectType(s)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('gov.notices.subjects')} name="subjects" required hint={t('gov.notices.subjectsHint')} errors={errors.byField.subjects}>
            {(p) => <textarea {...p} className="code" rows={4} value={list} onChange={(e) => setList(e.target.value)} data-testid="notices-subjects" />}
          </Field>
        </div>
      )}
      {parsed && (
        <div className="sample-preview" data-testid="notices-subjects-preview" data-count={parsed.subjects.length}>
          <p aria-live="polite">{t('gov.notices.subjectsCount', { count: parsed.subjects.length, n: parsed.subjects.length.toLocaleString(lang) })}</p>
          {parsed.problems.length > 0 && (
            <ul className="error-text">
              {parsed.problems.slice(0, 20).map((p, i) => (
                <li key={i}>{problemTextOf(p)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ErrorBox messages={errors.other} />
      <div className="form-buttons">
        <button type="submit" disabled={busy} data-testid="notices-submit">
          {t('gov.notices.send')}
        </button>
      </div>
    </form>
  );
}

function CampaignList({ view }: { view: NoticesView }) {
  const { t, tv, lang, formatTime } = useI18n();
  const { noticeLanguage } = useLabels();
  const [open, setOpen] = useState<string | null>(null);
  const n = (x: number) => x.toLocaleString(lang);
  const segmentText = (c: Campaign) =>
    c.segment?.kind === 'rule-offenders'
      ? t('gov.notices.segmentOffenders', { min: c.segment.minStrikes ?? 1 })
      : c.segment?.kind === 'subjects'
        ? t('gov.notices.segmentSubjects', { count: c.segment.subjects?.length ?? c.recipients })
        : tv('gov.enforcement.segment', c.segment?.kind);
  const campaigns = [...view.campaigns].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (!campaigns.length) return <p className="muted">{t('gov.notices.none')}</p>;
  return (
    <ul className="inbox-list" data-testid="campaign-list">
      {campaigns.map((c) => {
        const expanded = open === c.id;
        const recipients = expanded ? campaignNotices(c, view.notices) : [];
        return (
          <li key={c.id} className="handoff" data-testid="campaign" data-campaign-id={c.id}>
            <div className="handoff-head">
              <strong>{tv('gov.enforcement.template', c.template)}</strong>
              <span className="muted small">
                {formatTime(c.createdAt)} · {c.createdBy}
              </span>
            </div>
            <div className="small">
              {segmentText(c)} · {noticeLanguage(c.language)}
            </div>
            <div data-testid="campaign-counts">
              {t('gov.notices.counts', { recipients: n(c.recipients), delivered: n(c.delivered), failed: n(c.failed), pending: n(c.pending) })}
            </div>
            <button
              type="button"
              className="link-button"
              aria-expanded={expanded}
              onClick={() => setOpen(expanded ? null : c.id)}
              data-testid="campaign-toggle"
            >
              {t(expanded ? 'gov.notices.hideRecipients' : 'gov.notices.showRecipients', { count: c.recipients })}
            </button>
            {expanded &&
              (recipients.length === 0 ? (
                <p className="muted">{t('gov.notices.noRecipients')}</p>
              ) : (
                <table data-testid="campaign-recipients">
                  <thead>
                    <tr>
                      <th scope="col">{t('gov.notices.recipient')}</th>
                      <th scope="col">{t('gov.notices.delivery')}</th>
                      <th scope="col">{t('gov.notices.deliveredAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {recipients.map((x) => (
                      <tr key={x.id} data-testid="campaign-recipient" data-status={x.deliveryStatus}>
                        <td>
                          <SubjectName subject={x.recipient} />
                        </td>
                        <td>
                          <DeliveryBadge status={x.deliveryStatus} error={x.error} />
                          {x.error ? ` ${t('gov.enforcement.deliveryError', { error: x.error })}` : ''}
                        </td>
                        <td>{x.deliveredAt ? formatTime(x.deliveredAt) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ))}
          </li>
        );
      })}
    </ul>
  );
}
