import { useId, useState } from 'react';
import type { MsgKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n';
import type { RuleVersion } from './governanceTypes';
import { type Names, targetLines, useContentText } from './RuleFacts';
import { describeStep, incidentLabel } from './rules';

interface Row {
  field: string;
  label: string;
  /** Compared to tell a change; what is shown is `text`. */
  raw: (v: RuleVersion) => string;
  text: (v: RuleVersion) => string;
}

const sorted = (xs: string[] | undefined) => JSON.stringify([...(xs ?? [])].sort());

/** Defaults: the enforcing version against the latest; the one before the latest when nothing enforces. */
export function defaultPair(versions: RuleVersion[], liveVersion: number | null): [number, number] {
  const nums = versions.map((v) => v.version).sort((a, b) => a - b);
  const latest = nums[nums.length - 1] ?? 1;
  const left = liveVersion && liveVersion !== latest && nums.includes(liveVersion) ? liveVersion : (nums[nums.length - 2] ?? latest);
  return [left, latest];
}

export function VersionsCompare({ versions, liveVersion, names }: { versions: RuleVersion[]; liveVersion: number | null; names: Names }) {
  const i18n = useI18n();
  const { t, tv, formatTime } = i18n;
  const text = useContentText();
  const id = useId();
  const [pair, setPair] = useState<[number, number]>(() => defaultPair(versions, liveVersion));
  const byNum = new Map(versions.map((v) => [v.version, v]));
  const a = byNum.get(pair[0]) ?? versions[0];
  const b = byNum.get(pair[1]) ?? versions[versions.length - 1];
  if (!a || !b) return null;

  const target = (key: string) => (v: RuleVersion) => targetLines(v.targets, i18n).find((l) => l.key === key)?.value ?? t('gov.none');
  const ladderText = (v: RuleVersion) =>
    [...(v.ladder ?? [])].sort((x, y) => x.strike - y.strike).map((s) => describeStep(s, t, tv)).join('\n') || t('gov.ladder.none');
  const incidents = (v: RuleVersion) =>
    (v.incidentIds ?? []).map((iid) => {
      const ref = v.incidents?.find((x) => x.id === iid) ?? names.incident(iid);
      return ref ? incidentLabel(ref) : t('gov.incident.unnamed');
    }).join('\n') || t('gov.none');
  const plain = (f: (v: RuleVersion) => unknown) => (v: RuleVersion) => JSON.stringify(f(v) ?? null);
  const row = (field: string, label: MsgKey, raw: Row['raw'], show: Row['text']): Row => ({ field, label: t(label), raw, text: show });

  const content: Row[] = [
    row('name', 'gov.field.name', plain((v) => v.name), (v) => v.name),
    row('kind', 'gov.field.kind', plain((v) => v.kind), (v) => tv('gov.kind', v.kind)),
    row('businessLine', 'field.businessLine', plain((v) => v.businessLine), (v) => tv('businessLine', v.businessLine)),
    row('category', 'field.category', plain((v) => v.category), (v) => tv('category', v.category)),
    row('subjectType', 'gov.field.subjectType', plain((v) => v.subjectType), (v) => tv('gov.subjectType', v.subjectType)),
    row('detection', 'gov.field.detection', plain((v) => v.detection), (v) => tv('gov.detection', v.detection)),
    row('characteristics', 'gov.field.characteristics', plain((v) => v.characteristics), (v) => v.characteristics || t('gov.none')),
    row('ownerDepartment', 'gov.field.ownerDepartment', plain((v) => v.ownerDepartment), (v) => text.owner(v.ownerDepartment)),
    row('implementingDepartments', 'gov.field.implementingDepartments', (v) => sorted(v.implementingDepartments), (v) => text.departments(v.implementingDepartments)),
    row('incidents', 'gov.field.incidents', (v) => sorted(v.incidentIds), incidents),
    row('memberRules', 'gov.field.memberRules', (v) => sorted(v.memberRuleIds), (v) => (v.memberRuleIds ?? []).map(names.rule).join('\n') || t('gov.none')),
    row('signalSeries', 'gov.field.signalSeries', plain((v) => v.signalSeriesId), (v) => names.series(v.signalSeriesId)),
    row('controlSeries', 'gov.field.controlSeries', plain((v) => v.controlSeriesId), (v) => names.series(v.controlSeriesId)),
    row('ladder', 'gov.field.ladder', plain((v) => [...(v.ladder ?? [])].sort((x, y) => x.strike - y.strike).map((s) => [s.strike, s.action, s.durationDays ?? null])), ladderText),
    row('strikeWindowDays', 'gov.field.strikeWindowDays', plain((v) => v.strikeWindowDays), (v) => text.days(v.strikeWindowDays)),
    row('graveStartsAtStrike', 'gov.field.graveStartsAtStrike', plain((v) => v.graveStartsAtStrike), (v) => text.grave(v.graveStartsAtStrike)),
    row('rollUpToGuild', 'gov.field.rollUpToGuild', plain((v) => !!v.rollUpToGuild), (v) => text.yesNo(v.rollUpToGuild)),
    row('violationRateChange', 'gov.field.violationRateChange', plain((v) => v.targets?.violationRateChange), target('violationRateChange')),
    row('minPrecision', 'gov.field.minPrecision', plain((v) => v.targets?.minPrecision), target('minPrecision')),
    row('minCoverage', 'gov.field.minCoverage', plain((v) => v.targets?.minCoverage), target('minCoverage')),
    row('evaluationWindowDays', 'gov.field.evaluationWindowDays', plain((v) => v.evaluationWindowDays), (v) => text.days(v.evaluationWindowDays)),
    row('appealSlaHours', 'gov.field.appealSlaHours', plain((v) => v.appealSlaHours), (v) => text.hours(v.appealSlaHours)),
  ];
  const when = (at: string | null | undefined, by?: string | null) => (at ? (by ? t('gov.history.atBy', { at: formatTime(at), by }) : formatTime(at)) : t('gov.none'));
  const history: Row[] = [
    row('status', 'field.status', plain((v) => v.status), (v) => tv('gov.status', v.status)),
    row('createdAt', 'gov.history.created', plain((v) => v.createdAt), (v) => when(v.createdAt, v.createdBy)),
    row('submittedAt', 'gov.history.submitted', plain((v) => v.submittedAt), (v) => when(v.submittedAt)),
    row('approvedAt', 'gov.history.approved', plain((v) => v.approvedAt), (v) => when(v.approvedAt, v.approvedBy)),
    row('shadowAt', 'gov.history.shadow', plain((v) => v.shadowAt), (v) => when(v.shadowAt)),
    row('launchedAt', 'gov.history.launched', plain((v) => v.launchedAt), (v) => when(v.launchedAt, v.launchedBy)),
    row('pausedAt', 'gov.history.paused', plain((v) => v.pausedAt), (v) => when(v.pausedAt)),
    row('retiredAt', 'gov.history.retired', plain((v) => v.retiredAt), (v) => when(v.retiredAt)),
    row('supersededBy', 'gov.history.supersededBy', plain((v) => v.supersededBy), (v) => (v.supersededBy ? t('gov.rule.versionN', { version: v.supersededBy }) : t('gov.none'))),
  ];
  // The served versions carry no incident links (those belong to the rule): leave the row out rather than show "none".
  if (!versions.some((v) => Array.isArray(v.incidentIds))) content.splice(content.findIndex((r) => r.field === 'incidents'), 1);
  const changedCount = content.filter((r) => r.raw(a) !== r.raw(b)).length;
  const label = (v: RuleVersion) =>
    `${t('gov.rule.versionN', { version: v.version })} · ${tv('gov.status', v.status)}${v.version === liveVersion ? ` · ${t('gov.compare.enforcing')}` : ''}`;

  const picker = (side: 0 | 1, caption: MsgKey) => (
    <div className="field">
      <label htmlFor={`${id}-${side}`}>{t(caption)}</label>
      <select
        id={`${id}-${side}`}
        value={pair[side]}
        onChange={(e) => setPair((p) => (side === 0 ? [Number(e.target.value), p[1]] : [p[0], Number(e.target.value)]))}
        data-testid={`compare-version-${side === 0 ? 'a' : 'b'}`}
      >
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {label(v)}
          </option>
        ))}
      </select>
    </div>
  );

  const body = (rows: Row[], highlight: boolean) =>
    rows.map((r) => {
      const changed = highlight && r.raw(a) !== r.raw(b);
      return (
        <tr key={r.field} className={changed ? 'changed' : undefined} data-testid="compare-row" data-field={r.field} data-changed={changed}>
          <th scope="row">
            {r.label}
            {changed && <span className="changed-mark">{t('gov.compare.changed')}</span>}
          </th>
          <td>
            <p className="cell-text">{r.text(a)}</p>
          </td>
          <td>
            <p className="cell-text">{r.text(b)}</p>
          </td>
        </tr>
      );
    });

  return (
    <div className="versions-compare" data-testid="versions-compare">
      {versions.length < 2 && <p className="muted">{t('gov.compare.onlyOne')}</p>}
      {versions.length >= 2 && (
        <div className="field-row">
          {picker(0, 'gov.compare.left')}
          {picker(1, 'gov.compare.right')}
        </div>
      )}
      <p aria-live="polite" className="small" data-testid="compare-summary">
        {a.version === b.version ? t('gov.compare.same') : changedCount === 0 ? t('gov.compare.noChanges') : t('gov.compare.changedCount', { count: changedCount })}
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('gov.compare.caption', { a: a.version, b: b.version })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('gov.compare.field')}</th>
              <th scope="col">{label(a)}</th>
              <th scope="col">{label(b)}</th>
            </tr>
          </thead>
          <tbody>{body(content, a.version !== b.version)}</tbody>
          <tbody>
            <tr>
              <th scope="rowgroup" colSpan={3} className="compare-group">
                {t('gov.compare.history')}
              </th>
            </tr>
            {body(history, false)}
          </tbody>
        </table>
      </div>
    </div>
  );
}
