import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { ErrorBox } from '../../app/forms';
import { href } from '../../app/router';
import { useI18n, type I18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents, useResync } from '../../live/useLive';
import { getIncidentGovernance } from './governanceApi';
import type { IncidentGovernance, IncidentGovernanceRule } from './governanceTypes';
import { RuleStatusBadge, VerdictBadge } from './ruleBadges';
import { fmtPercent } from './rules';

/** "Violations fell by 32 % (95 % range: 24 % to 40 % fewer)" and the like, from the effectiveness summary. */
export function effectLines(r: IncidentGovernanceRule, { t, lang }: Pick<I18n, 't' | 'lang'>): string[] {
  const e = r.effectiveness;
  if (!e) return [t('gov.outcome.noData')];
  const out: string[] = [];
  const change = e.violationRate?.change;
  if (change !== null && change !== undefined) {
    const pct = fmtPercent(Math.abs(change), lang);
    let line = change < 0 ? t('gov.outcome.fell', { pct }) : change > 0 ? t('gov.outcome.rose', { pct }) : t('gov.outcome.flat');
    const ci = e.violationRate?.ci95;
    if (Array.isArray(ci) && ci.length === 2 && Number.isFinite(ci[0]) && Number.isFinite(ci[1]))
      line += ` ${t('gov.outcome.interval', { lo: fmtPercent(ci[0]!, lang, true), hi: fmtPercent(ci[1]!, lang, true) })}`;
    out.push(line);
    const did = e.violationRate?.didEstimate;
    const dci = e.violationRate?.didCi95;
    if (did !== null && did !== undefined && Number.isFinite(did)) {
      const interval =
        Array.isArray(dci) && dci.length === 2 ? t('gov.outcome.interval', { lo: fmtPercent(dci[0]!, lang, true), hi: fmtPercent(dci[1]!, lang, true) }) : '';
      out.push(t('gov.outcome.did', { signed: fmtPercent(did, lang, true), interval }).trim());
    }
  } else out.push(t('gov.outcome.noRate'));
  const p = e.precision?.value;
  out.push(p === null || p === undefined ? t('gov.outcome.noPrecision') : t('gov.outcome.precision', { pct: fmtPercent(p, lang) }));
  const c = e.coverage?.value;
  out.push(c === null || c === undefined ? t('gov.outcome.noCoverage') : t('gov.outcome.coverage', { pct: fmtPercent(c, lang) }));
  return out;
}

/** On the incident page: its rules, whether they work, and whether the workflow waits for them. */
export function IncidentGovernanceSection({ incidentId, canDraft }: { incidentId: string; canDraft: boolean }) {
  const i18n = useI18n();
  const { t, formatTime } = i18n;
  const [data, setData] = useState<IncidentGovernance | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    () =>
      getIncidentGovernance(incidentId)
        .then((g) => {
          setData(g);
          setError(null);
        })
        .catch((e: unknown) => {
          // 404: no governance for this incident (or none visible); the section then offers drafting only.
          if (e instanceof ApiError && e.status === 404) {
            setData({ incidentId, verdict: 'none', rules: [], gate: null });
            setError(null);
          } else setError(e instanceof Error ? e.message : String(e));
        }),
    [incidentId],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const reload = useDebounced(() => void load(), 300);
  useLiveEvents((e) => {
    if (e.incidentId === incidentId && (e.type.startsWith('governance.') || e.type.startsWith('appeal.') || e.type === 'incident.stage-changed')) reload();
  });
  useResync(reload);

  const gate = data?.gate;
  return (
    <section className="panel" aria-labelledby="sec-governance" data-testid="governance-section">
      <h2 id="sec-governance">{t('gov.incident.title')}</h2>
      {error && <ErrorBox messages={[t('app.error', { message: error })]} />}
      {!data && !error && <p className="muted">{t('app.loading')}</p>}
      {data && (
        <>
          <p>
            {t('gov.incident.verdict')} <VerdictBadge verdict={data.verdict} />
          </p>
          {gate?.waiting ? (
            <p className="gov-gate" data-testid="governance-gate" data-waiting="true">
              {gate.windowEndsAt ? t('gov.incident.waitingUntil', { at: formatTime(gate.windowEndsAt) }) : t('gov.incident.waiting')}
              {gate.since ? ` ${t('gov.incident.waitingSince', { at: formatTime(gate.since) })}` : ''}
            </p>
          ) : gate ? (
            <p className="gov-gate muted" data-testid="governance-gate" data-waiting="false">
              {t('gov.incident.notWaiting')}
            </p>
          ) : null}
          {data.rules.length === 0 ? (
            <p className="muted">{t('gov.incident.noRules')}</p>
          ) : (
            <ul className="gov-rule-list">
              {data.rules.map((r) => (
                <li key={r.id} className="gov-rule-item" data-testid="governance-rule" data-rule-id={r.id}>
                  <div className="gov-rule-head">
                    <a href={href.rule(r.id)} className="incident-key">
                      {r.key}
                    </a>
                    <span>{r.name}</span>
                    <RuleStatusBadge status={r.status} />
                    {r.effectiveness?.verdict && <VerdictBadge verdict={r.effectiveness.verdict} testId="governance-rule-verdict" />}
                  </div>
                  <ul className="gov-figures small">
                    {effectLines(r, i18n).map((l, n) => (
                      <li key={n}>{l}</li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {canDraft && (
        <p>
          <a className="button secondary" href={href.ruleNew(incidentId)} data-testid="governance-draft-rule">
            {t('gov.incident.draft')}
          </a>
        </p>
      )}
    </section>
  );
}
