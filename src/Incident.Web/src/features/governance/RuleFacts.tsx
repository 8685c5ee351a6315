import type { ReactNode } from 'react';
import { href } from '../../app/router';
import { useI18n, type I18n } from '../../i18n/i18n';
import type { IncidentRef, LadderStep, Rule, RuleContent, Targets } from './governanceTypes';
import { describeStep, fmtPercent, incidentLabel } from './rules';

/** How a rule's references read on screen: series and member rules by name, never by id. */
export interface Names {
  series: (id: string | null | undefined) => string;
  rule: (id: string) => string;
  incident: (id: string) => IncidentRef | undefined;
}

export function LadderSteps({ ladder }: { ladder: LadderStep[] }) {
  const { t, tv } = useI18n();
  if (!ladder?.length) return <p className="muted">{t('gov.ladder.none')}</p>;
  return (
    <ol className="ladder-steps" data-testid="rule-ladder">
      {[...ladder]
        .sort((a, b) => a.strike - b.strike)
        .map((s) => (
          <li key={s.strike} data-testid="ladder-step" data-strike={s.strike}>
            {describeStep(s, t, tv)}
          </li>
        ))}
    </ol>
  );
}

/** "Violations down by at least 30 %" etc. */
export function targetLines(targets: Targets | undefined, { t, lang }: Pick<I18n, 't' | 'lang'>): { key: string; label: string; value: string }[] {
  const out: { key: string; label: string; value: string }[] = [];
  const c = targets?.violationRateChange;
  if (c !== null && c !== undefined)
    out.push({
      key: 'violationRateChange',
      label: t('gov.field.violationRateChange'),
      value: t(c <= 0 ? 'gov.targets.drop' : 'gov.targets.rise', { pct: fmtPercent(Math.abs(c), lang), signed: fmtPercent(c, lang, true) }),
    });
  if (targets?.minPrecision !== null && targets?.minPrecision !== undefined)
    out.push({ key: 'minPrecision', label: t('gov.field.minPrecision'), value: t('gov.targets.atLeast', { pct: fmtPercent(targets.minPrecision, lang) }) });
  if (targets?.minCoverage !== null && targets?.minCoverage !== undefined)
    out.push({ key: 'minCoverage', label: t('gov.field.minCoverage'), value: t('gov.targets.atLeast', { pct: fmtPercent(targets.minCoverage, lang) }) });
  return out;
}

export function TargetsList({ targets }: { targets: Targets | undefined }) {
  const i18n = useI18n();
  const lines = targetLines(targets, i18n);
  if (!lines.length) return <p className="muted">{i18n.t('gov.targets.none')}</p>;
  return (
    <dl className="facts" data-testid="rule-targets">
      {lines.map((l) => (
        <div key={l.key} data-target={l.key}>
          <dt>{l.label}</dt>
          <dd>{l.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function IncidentLinks({ ids, names }: { ids: string[]; names: Names }) {
  const { t } = useI18n();
  if (!ids.length) return <p className="muted">{t('gov.rule.noIncidents')}</p>;
  return (
    <ul className="incident-links" data-testid="rule-incident-links">
      {ids.map((id) => {
        const ref = names.incident(id);
        return (
          <li key={id}>
            <a href={href.incident(id)} data-testid="rule-incident-link">
              {ref ? incidentLabel(ref) : t('gov.incident.unnamed')}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** Which readers see a boolean / number / list in the users' words. */
export function useContentText() {
  const i18n = useI18n();
  const { t, tv, lang } = i18n;
  const sep = lang === 'zh-CN' ? '、' : ', ';
  return {
    departments: (ds: string[] | undefined) => (ds ?? []).map((d) => tv('department', d)).join(sep) || t('gov.none'),
    days: (n: number | null | undefined) => (n ? t('gov.daysN', { count: n }) : t('gov.none')),
    hours: (n: number | null | undefined) => (n ? t('gov.hoursN', { count: n }) : t('gov.none')),
    grave: (n: number | null | undefined) => (n ? t('gov.rule.graveAt', { strike: n }) : t('gov.rule.graveNone')),
    yesNo: (b: boolean | undefined) => (b ? t('gov.yes') : t('gov.no')),
    owner: (d: string | null | undefined) => (d ? tv('department', d) : t('gov.none')),
  };
}

/** Everything but the ladder, targets and incidents, as facts. */
export function RuleFactList({ rule, names }: { rule: RuleContent & Pick<Rule, 'memberRuleIds'>; names: Names }) {
  const { t, tv } = useI18n();
  const text = useContentText();
  return (
    <dl className="facts" data-testid="rule-facts">
      <Fact label={t('gov.field.kind')}>{tv('gov.kind', rule.kind)}</Fact>
      <Fact label={t('field.businessLine')}>{tv('businessLine', rule.businessLine)}</Fact>
      <Fact label={t('field.category')}>{tv('category', rule.category)}</Fact>
      <Fact label={t('gov.field.subjectType')}>{tv('gov.subjectType', rule.subjectType)}</Fact>
      <Fact label={t('gov.field.detection')}>{tv('gov.detection', rule.detection)}</Fact>
      <Fact label={t('gov.field.ownerDepartment')}>{text.owner(rule.ownerDepartment)}</Fact>
      <Fact label={t('gov.field.implementingDepartments')} testId="rule-implementing">
        {text.departments(rule.implementingDepartments)}
      </Fact>
      {rule.kind === 'strategy' && (
        <Fact label={t('gov.field.memberRules')}>
          {(rule.memberRuleIds ?? []).length === 0
            ? t('gov.none')
            : (rule.memberRuleIds ?? []).map((id, i) => (
                <span key={id}>
                  {i > 0 ? ' · ' : ''}
                  <a href={href.rule(id)}>{names.rule(id)}</a>
                </span>
              ))}
        </Fact>
      )}
      <Fact label={t('gov.field.signalSeries')} testId="rule-signal-series">
        {names.series(rule.signalSeriesId)}
      </Fact>
      <Fact label={t('gov.field.controlSeries')}>{names.series(rule.controlSeriesId)}</Fact>
      <Fact label={t('gov.field.strikeWindowDays')}>{text.days(rule.strikeWindowDays)}</Fact>
      <Fact label={t('gov.field.graveStartsAtStrike')}>{text.grave(rule.graveStartsAtStrike)}</Fact>
      <Fact label={t('gov.field.rollUpToGuild')}>{text.yesNo(rule.rollUpToGuild)}</Fact>
      <Fact label={t('gov.field.evaluationWindowDays')}>{text.days(rule.evaluationWindowDays)}</Fact>
      <Fact label={t('gov.field.appealSlaHours')}>{text.hours(rule.appealSlaHours)}</Fact>
    </dl>
  );
}
