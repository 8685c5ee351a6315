import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/client';
import { ErrorBox } from '../../app/forms';
import { href } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { useDebounced, useLiveEvents, useResync } from '../../live/useLive';
import { session } from '../auth/session';
import { Markdown } from '../reports/markdown';
import { AuditForm } from './AuditForm';
import { EffectivenessPanel } from './EffectivenessPanel';
import { EnforcementUpload } from './EnforcementUpload';
import { getRule, listRules } from './governanceApi';
import type { IncidentRef, Rule, RuleVersion } from './governanceTypes';
import { GovernanceNav } from './GovernanceNav';
import { LifecycleBar } from './LifecycleBar';
import { NoticesSection } from './NoticesSection';
import { RuleStatusBadge } from './ruleBadges';
import { IncidentLinks, LadderSteps, RuleFactList, TargetsList, type Names } from './RuleFacts';
import { govCan } from './rules';
import { seriesLabel, useSeriesList } from './seriesLabels';
import { VersionsCompare } from './VersionsCompare';

/** A live event about this rule: its id or key in `data`. */
function isAbout(rule: Rule | null, id: string, data: Record<string, unknown> | null): boolean {
  const d = data ?? {};
  const ruleId = d.ruleId === undefined ? undefined : String(d.ruleId);
  const ruleKey = d.ruleKey === undefined ? undefined : String(d.ruleKey);
  return ruleId === id || (!!rule && (ruleId === rule.id || ruleKey === rule.key));
}

export function RuleDetailPage({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, formatTime } = i18n;
  const user = session.get()?.user ?? null;
  const [rule, setRule] = useState<Rule | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const { series } = useSeriesList();
  const [ruleNames, setRuleNames] = useState<Map<string, string>>(new Map());

  const load = useCallback(
    () =>
      getRule(id)
        .then((r) => {
          setRule(r);
          setError(null);
        })
        .catch((e: unknown) => setError({ status: e instanceof ApiError ? e.status : 0, message: e instanceof Error ? e.message : String(e) })),
    [id],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const reload = useDebounced(() => void load(), 300);
  useLiveEvents((e) => {
    if (e.type.startsWith('governance.') && isAbout(rule, id, e.data)) reload();
  });
  useResync(reload);

  const versions: RuleVersion[] = useMemo(() => (rule?.versions?.length ? rule.versions : rule ? [rule as RuleVersion] : []), [rule]);
  const needsRuleNames = versions.some((v) => (v.memberRuleIds ?? []).length > 0);
  useEffect(() => {
    if (!needsRuleNames) return;
    let alive = true;
    listRules({ pageSize: 200 })
      .then((p) => alive && setRuleNames(new Map(p.items.map((r) => [r.id, `${r.key} ${r.name}`]))))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [needsRuleNames]);

  const names = useMemo<Names>(() => {
    const incidents = new Map<string, IncidentRef>();
    for (const v of [...versions, ...(rule ? [rule] : [])]) for (const i of v.incidents ?? []) incidents.set(i.id, i);
    return {
      series: (sid) => {
        if (!sid) return i18n.t('gov.rule.noSeries');
        const s = series.find((x) => x.id === sid);
        return s ? seriesLabel(s, i18n) : i18n.t('gov.series.unknown');
      },
      rule: (rid) => ruleNames.get(rid) ?? i18n.t('gov.rule.unnamed'),
      incident: (iid) => incidents.get(iid),
    };
  }, [versions, rule, series, ruleNames, i18n]);

  if (error && !rule) {
    return (
      <div className="page">
        <GovernanceNav active="rules" />
        <p>
          <a href={href.governance()}>← {t('gov.rules.back')}</a>
        </p>
        <ErrorBox messages={[error.status === 404 ? t('gov.rule.notFound') : t('app.error', { message: error.message })]} />
      </div>
    );
  }
  if (!rule) return <p className="page muted">{t('app.loading')}</p>;

  const history = [
    rule.createdAt ? t('gov.rule.created', { by: rule.createdBy ?? '—', at: formatTime(rule.createdAt) }) : null,
    rule.submittedAt ? t('gov.rule.submitted', { at: formatTime(rule.submittedAt) }) : null,
    rule.approvedAt ? t('gov.rule.approved', { by: rule.approvedBy ?? '—', at: formatTime(rule.approvedAt) }) : null,
    rule.shadowAt ? t('gov.rule.shadowSince', { at: formatTime(rule.shadowAt) }) : null,
    rule.launchedAt ? t('gov.rule.launched', { by: rule.launchedBy ?? '—', at: formatTime(rule.launchedAt) }) : null,
    rule.pausedAt ? t('gov.rule.paused', { at: formatTime(rule.pausedAt) }) : null,
    rule.retiredAt ? t('gov.rule.retired', { at: formatTime(rule.retiredAt) }) : null,
  ].filter(Boolean);

  return (
    <div className="page rule-detail" data-testid="rule-detail" data-rule-id={rule.id} data-status={rule.status} data-version={rule.version}>
      <GovernanceNav active="rules" />
      <p>
        <a href={href.governance()}>← {t('gov.rules.back')}</a>
      </p>
      <div className="page-head">
        <h1>
          <span className="incident-key">{rule.key}</span> {rule.name}
        </h1>
        <div className="head-badges">
          <RuleStatusBadge status={rule.status} />
          <span className="chip" data-testid="rule-version">
            {t('gov.rule.latestVersion', { version: rule.version })}
          </span>
          <span className="chip" data-testid="rule-live">
            {rule.liveVersion ? t('gov.rule.enforcingVersion', { version: rule.liveVersion }) : !rule.shadowVersion ? t('gov.rule.notEnforcing') : null}
          </span>
          {rule.shadowVersion ? (
            <span className="chip" data-testid="rule-shadow">
              {t('gov.rule.shadowVersion', { version: rule.shadowVersion })}
            </span>
          ) : null}
        </div>
      </div>
      {history.length > 0 && <p className="muted small">{history.join(' · ')}</p>}

      <section className="panel" aria-labelledby="rule-sec-lifecycle">
        <h2 id="rule-sec-lifecycle">{t('gov.lifecycle.title')}</h2>
        <p className="hint">{i18n.tv('gov.statusHint', rule.status, '')}</p>
        <LifecycleBar
          rule={rule}
          onChanged={(r) => {
            setRule((cur) => ({ ...(cur ?? r), ...r, versions: r.versions ?? cur?.versions }));
            void load();
          }}
        />
        {govCan.writeRules(user) && rule.status !== 'retired' && (
          <p>
            <a className="button secondary" href={href.ruleEdit(rule.id)} data-testid="rule-edit">
              {t('gov.rule.edit')}
            </a>
          </p>
        )}
      </section>

      <div className="report-grid">
        <section className="panel" aria-labelledby="rule-sec-characteristics">
          <h2 id="rule-sec-characteristics">{t('gov.field.characteristics')}</h2>
          {rule.characteristics ? <Markdown source={rule.characteristics} testId="rule-characteristics" /> : <p className="muted">{t('gov.none')}</p>}
        </section>
        <section className="panel" aria-labelledby="rule-sec-ladder">
          <h2 id="rule-sec-ladder">{t('gov.field.ladder')}</h2>
          <LadderSteps ladder={rule.ladder} />
          <p className="hint">
            {t('gov.rule.ladderNote', { days: rule.strikeWindowDays })}
            {rule.rollUpToGuild ? ` ${t('gov.rule.rollUpNote')}` : ''}
          </p>
        </section>
      </div>

      <section className="panel" aria-labelledby="rule-sec-targets">
        <h2 id="rule-sec-targets">{t('gov.field.targets')}</h2>
        <TargetsList targets={rule.targets} />
      </section>

      <section className="panel" aria-labelledby="rule-sec-facts">
        <h2 id="rule-sec-facts">{t('gov.rule.details')}</h2>
        <RuleFactList rule={rule} names={names} />
        <h3>{t('gov.field.incidents')}</h3>
        <IncidentLinks ids={rule.incidents?.length ? rule.incidents.map((i) => i.id) : (rule.incidentIds ?? [])} names={names} />
        <details className="small">
          <summary>{t('gov.rule.technical')}</summary>
          <dl className="facts">
            <div>
              <dt>{t('gov.rule.technicalId')}</dt>
              <dd>{rule.id}</dd>
            </div>
            {rule.signalSeriesId && (
              <div>
                <dt>{t('gov.field.signalSeries')}</dt>
                <dd>{rule.signalSeriesId}</dd>
              </div>
            )}
            {rule.controlSeriesId && (
              <div>
                <dt>{t('gov.field.controlSeries')}</dt>
                <dd>{rule.controlSeriesId}</dd>
              </div>
            )}
          </dl>
        </details>
      </section>

      <section className="panel" aria-labelledby="rule-sec-versions">
        <h2 id="rule-sec-versions">{t('gov.compare.title')}</h2>
        <VersionsCompare
          key={`${versions.length}-${rule.liveVersion ?? 0}-${rule.shadowVersion ?? 0}`}
          versions={versions}
          liveVersion={rule.liveVersion ?? rule.shadowVersion ?? null}
          names={names}
        />
      </section>

      <EffectivenessPanel ruleId={rule.id} />
      {govCan.recordEnforcement(user) && <EnforcementUpload ruleId={rule.id} />}
      {govCan.recordAudits(user) && <AuditForm ruleId={rule.id} />}
      {govCan.sendNotices(user) && <NoticesSection ruleId={rule.id} />}
    </div>
  );
}
