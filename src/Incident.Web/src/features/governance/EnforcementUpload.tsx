import { useId, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { ErrorBox, Field } from '../../app/forms';
import { useToast } from '../../app/toasts';
import { useI18n, type MsgKey } from '../../i18n/i18n';
import { session } from '../auth/session';
import { readText } from '../samples/SamplesSection';
import { postEnforcements, problemCode } from './enforcementApi';
import { chunk, CHUNK_SIZE, parseEnforcementCsv, refusedRecords, type RefusedRecord } from './enforcementCsv';
import { may, problemText, useCsvProblemText, useLabels } from './enforcementLabels';
import type { EnforcementBatch, EnforcementInput, EnforcementOutcome } from './enforcementTypes';

const PROBLEMS_SHOWN = 20;
const PREVIEW_ROWS = 5;
/** Each record's step is listed for the first this many records of an upload (the counts cover all). */
export const RECORDS_LISTED = 200;

export interface UploadTally {
  accepted: number;
  duplicates: number;
  /** Ladder steps now due, by action (shadow records are would-be penalties, counted apart). */
  steps: Record<string, number>;
  shadow: number;
  /** The server's answer per record, in the order sent (the first RECORDS_LISTED). */
  records: EnforcementOutcome[];
}

export function addBatch(tally: UploadTally, batch: EnforcementBatch): UploadTally {
  const steps = { ...tally.steps };
  let shadow = tally.shadow;
  for (const r of batch.records ?? []) {
    if (r.duplicate) continue;
    if (r.shadow) shadow++;
    else steps[r.action] = (steps[r.action] ?? 0) + 1;
  }
  const records = [...tally.records, ...(batch.records ?? []).slice(0, Math.max(0, RECORDS_LISTED - tally.records.length))];
  return { accepted: tally.accepted + (batch.accepted ?? 0), duplicates: tally.duplicates + (batch.duplicates ?? 0), steps, shadow, records };
}

interface Stopped {
  from: number;
  to: number;
  kept: number;
  reason: string;
  refused: RefusedRecord[];
  other: string[];
}

const EMPTY: UploadTally = { accepted: 0, duplicates: 0, steps: {}, shadow: 0, records: [] };

/** Upload enforcement records from a CSV, checked in the browser first, sent in chunks of 1,000. */
export function EnforcementUpload({ ruleId }: { ruleId?: string }) {
  const { t, lang, formatTime } = useI18n();
  const notify = useToast();
  const { subjectType, action, step } = useLabels();
  const problemTextOf = useCsvProblemText();
  const headingId = useId();
  const fileId = useId();
  const user = session.get()?.user ?? null;
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [tally, setTally] = useState<UploadTally | null>(null);
  const [stopped, setStopped] = useState<Stopped | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [busy, setBusy] = useState(false);
  const cancel = useRef(false);
  const parse = useMemo(() => (text.trim() ? parseEnforcementCsv(text, ruleId) : null), [text, ruleId]);
  const n = (x: number) => x.toLocaleString(lang);

  if (!may.recordEnforcement(user)) return null;

  async function onFile(file: File | undefined) {
    setFileName(file?.name ?? null);
    setText(file ? await readText(file) : '');
  }

  async function upload() {
    if (!parse || parse.problems.length || !parse.records.length) return;
    const chunks = chunk(parse.records, CHUNK_SIZE);
    const total = parse.records.length;
    cancel.current = false;
    setBusy(true);
    setStopped(null);
    setCancelled(false);
    setProgress({ sent: 0, total });
    let sum = EMPTY;
    setTally(sum);
    let sent = 0;
    try {
      for (const part of chunks) {
        if (cancel.current) {
          setCancelled(true);
          return;
        }
        try {
          sum = addBatch(sum, await postEnforcements(part));
        } catch (err) {
          setStopped(describeStop(err, sent, part));
          return;
        }
        sent += part.length;
        setTally(sum);
        setProgress({ sent, total });
      }
      notify(t('gov.upload.done', { accepted: n(sum.accepted), duplicates: n(sum.duplicates) }), 'success');
    } finally {
      setBusy(false);
    }
  }

  function describeStop(err: unknown, start: number, part: EnforcementInput[]): Stopped {
    const code = problemCode(err);
    const refusal = err instanceof ApiError && (err.status === 400 || err.status === 409);
    const reasonKey: MsgKey =
      code === 'duplicate-external-id'
        ? 'gov.upload.stop.duplicate'
        : code === 'rule-not-enforcing'
          ? 'gov.upload.stop.notEnforcing'
          : refusal
            ? 'gov.upload.stop.refused'
            : 'gov.upload.stop.failed';
    const named = refusal ? refusedRecords(err, start, part) : { refused: [], other: problemText(err, t) };
    const other = named.other.length || named.refused.length ? named.other : [err instanceof Error ? err.message : String(err)];
    return { from: start + 1, to: start + part.length, kept: start, reason: t(reasonKey), refused: named.refused, other };
  }

  const lineOf = (index: number) => (index >= 0 && parse ? parse.lines[index] : undefined);
  const steps = tally ? Object.entries(tally.steps).sort((a, b) => b[1] - a[1]) : [];
  const ready = !!parse && parse.records.length > 0 && parse.problems.length === 0;

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="enforcement-upload">
      <h2 id={headingId}>{t('gov.upload.title')}</h2>
      <p className="hint">{t(ruleId ? 'gov.upload.hintRule' : 'gov.upload.hint')}</p>
      <details>
        <summary>{t('gov.upload.columnsTitle')}</summary>
        <p className="hint">{t('gov.upload.columns')}</p>
      </details>
      <div className="samples-upload">
        <div className="field">
          <label htmlFor={fileId}>{t('gov.upload.file')}</label>
          <input id={fileId} type="file" accept=".csv,text/csv" disabled={busy} onChange={(e) => void onFile(e.target.files?.[0])} data-testid="enforcement-file" />
        </div>
        <Field label={t('gov.upload.paste')} name="csv">
          {(p) => (
            <textarea
              {...p}
              className="code"
              rows={4}
              value={text}
              disabled={busy}
              placeholder={'externalId,ruleId,subjectType,subjectId,occurredAt,automatedDetection,automatedDecision\nE-1,GOV-2026-000001,creator,10086,2026-11-21T10:00:00Z,true,fully'}
              onChange={(e) => {
                setText(e.target.value);
                setFileName(null);
              }}
              data-testid="enforcement-paste"
            />
          )}
        </Field>
      </div>
      {parse && (
        <div className="sample-preview" data-testid="enforcement-preview" data-count={parse.records.length} data-problems={parse.problems.length}>
          <p aria-live="polite">
            <strong>
              {fileName ? `${fileName}: ` : ''}
              {t('gov.upload.previewCount', { count: parse.records.length, n: n(parse.records.length), rows: n(parse.rows) })}
            </strong>
          </p>
          {parse.problems.length > 0 && (
            <ul className="error-text" data-testid="enforcement-problems">
              {parse.problems.slice(0, PROBLEMS_SHOWN).map((p, i) => (
                <li key={i}>{problemTextOf(p)}</li>
              ))}
              {parse.problems.length > PROBLEMS_SHOWN && <li>{t('gov.upload.moreProblems', { count: n(parse.problems.length - PROBLEMS_SHOWN) })}</li>}
            </ul>
          )}
          {parse.records.length > 0 && (
            <div className="table-wrap">
              <table data-testid="enforcement-preview-rows">
                <caption className="hint">{t('gov.upload.previewCaption', { count: Math.min(PREVIEW_ROWS, parse.records.length) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('gov.upload.line')}</th>
                    <th scope="col">{t('gov.upload.externalId')}</th>
                    <th scope="col">{t('gov.upload.rule')}</th>
                    <th scope="col">{t('gov.upload.subject')}</th>
                    <th scope="col">{t('gov.upload.occurredAt')}</th>
                    <th scope="col">{t('gov.upload.decision')}</th>
                  </tr>
                </thead>
                <tbody>
                  {parse.records.slice(0, PREVIEW_ROWS).map((r, i) => (
                    <tr key={r.externalId}>
                      <td className="num">{n(parse.lines[i]!)}</td>
                      <td>{r.externalId}</td>
                      <td>{r.ruleId}</td>
                      <td>
                        {subjectType(r.subject.type)} {r.subject.id}
                        {r.subject.guildId ? ` (${t('gov.upload.guild', { id: r.subject.guildId })})` : ''}
                      </td>
                      <td>{formatTime(r.occurredAt)}</td>
                      <td>
                        {t(`gov.enforcement.decision.${r.automatedDecision}`)}
                        {r.grave ? ` · ${t('gov.subject.grave')}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
      <div className="form-buttons">
        <button type="button" disabled={busy || !ready} onClick={() => void upload()} data-testid="enforcement-submit">
          {t('gov.upload.submit', { count: parse?.records.length ?? 0, n: n(parse?.records.length ?? 0) })}
        </button>
        {busy && (
          <button type="button" className="secondary" onClick={() => (cancel.current = true)} data-testid="enforcement-cancel">
            {t('gov.upload.cancel')}
          </button>
        )}
      </div>
      {progress && (
        <div className="gov-progress" data-testid="enforcement-progress" data-sent={progress.sent} data-total={progress.total}>
          <progress max={progress.total} value={progress.sent} aria-label={t('gov.upload.progressLabel')} />
          <span aria-live="polite">{t('gov.upload.progress', { sent: n(progress.sent), total: n(progress.total) })}</span>
        </div>
      )}
      {cancelled && progress && <p role="status">{t('gov.upload.cancelled', { sent: n(progress.sent), total: n(progress.total) })}</p>}
      {stopped && (
        <div className="gov-result gov-result-stopped" role="alert" data-testid="enforcement-stopped" data-kept={stopped.kept}>
          <p>
            <strong>{stopped.reason}</strong>
          </p>
          <p>{t(stopped.kept ? 'gov.upload.stoppedKept' : 'gov.upload.stoppedNothing', { from: n(stopped.from), to: n(stopped.to), kept: n(stopped.kept) })}</p>
          {stopped.refused.length > 0 && (
            <ul data-testid="enforcement-refused">
              {stopped.refused.slice(0, PROBLEMS_SHOWN).map((r, i) => (
                <li key={i} data-index={r.index}>
                  {lineOf(r.index) ? t('gov.upload.refusedLine', { line: n(lineOf(r.index)!) }) : t('gov.upload.refusedRecord')} {r.externalId ?? ''}
                  {r.field ? ` · ${r.field}` : ''}
                  {r.messages.length ? `: ${r.messages.join(' ')}` : ''}
                </li>
              ))}
              {stopped.refused.length > PROBLEMS_SHOWN && <li>{t('gov.upload.moreRefused', { count: n(stopped.refused.length - PROBLEMS_SHOWN) })}</li>}
            </ul>
          )}
          <ErrorBox messages={stopped.other} />
        </div>
      )}
      {tally && (progress?.sent ?? 0) > 0 && (
        <div className="gov-result" role="status" data-testid="enforcement-summary" data-accepted={tally.accepted} data-duplicates={tally.duplicates}>
          <p>{t('gov.upload.summary', { accepted: n(tally.accepted), duplicates: n(tally.duplicates) })}</p>
          <p data-testid="enforcement-steps">
            {steps.length ? t('gov.upload.steps', { steps: steps.map(([a, c]) => `${action(a)} ${n(c)}`).join(' · ') }) : t('gov.upload.noSteps')}
          </p>
          {tally.shadow > 0 && <p>{t('gov.upload.shadow', { count: tally.shadow, n: n(tally.shadow) })}</p>}
        </div>
      )}
      {/* Outside the status region: a table of records is not a message to announce. */}
      {tally && (progress?.sent ?? 0) > 0 && tally.records.length > 0 && (
        <details data-testid="enforcement-records-list">
          <summary>{t('gov.upload.recordsTitle', { count: tally.records.length, n: n(tally.records.length) })}</summary>
          <div className="table-wrap">
            <table data-testid="enforcement-records">
              <thead>
                <tr>
                  <th scope="col">{t('gov.upload.externalId')}</th>
                  <th scope="col">{t('gov.upload.counted')}</th>
                  <th scope="col">{t('gov.subject.strike')}</th>
                  <th scope="col">{t('gov.upload.step')}</th>
                </tr>
              </thead>
              <tbody>
                {tally.records.map((r) => (
                  <tr key={r.externalId} data-testid="enforcement-record" data-external-id={r.externalId} data-strike={r.strike} data-action={r.action} data-shadow={String(r.shadow)}>
                    <th scope="row">{r.externalId}</th>
                    <td>{r.strikeSubject ? `${subjectType(r.strikeSubject.type)} ${r.strikeSubject.id}` : '—'}</td>
                    <td className="num">{r.shadow ? '—' : n(r.strike)}</td>
                    <td>
                      {step(r.action, r.durationDays)}
                      {r.shadow ? ` (${t('gov.upload.wouldBe')})` : r.duplicate ? ` (${t('gov.upload.already')})` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}
