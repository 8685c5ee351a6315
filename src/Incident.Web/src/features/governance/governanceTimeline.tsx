// The incident timeline's sentences for governance events (docs/governance.md: governance.*, appeal.*),
// with the rule linked to its page. Only known fields are shown: never ids, keys or JSON.
import { Fragment, type ReactNode } from 'react';
import { href } from '../../app/router';
import type { I18n, MsgKey } from '../../i18n/i18n';
import { pct } from './effectiveness';
import { govHref } from './enforcementApi';

type Data = Record<string, unknown>;
type Nodes = Record<string, ReactNode>;

const TRANSITIONS = ['draft', 'edit', 'new-version', 'submit', 'approve', 'reject', 'shadow', 'launch', 'pause', 'retire'];
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Data => !!v && typeof v === 'object' && !Array.isArray(v);
/** Between two sentences: a space in English, nothing after a Chinese full stop. */
const gap = ({ lang }: Pick<I18n, 'lang'>) => (lang === 'zh-CN' ? '' : ' ');

/** `t(key)` with some placeholders filled by React nodes (links) instead of text. */
function sentence(i18n: Pick<I18n, 't'>, key: MsgKey, params: Record<string, string | number>, nodes: Nodes): ReactNode {
  const marks = Object.fromEntries(Object.keys(nodes).map((k) => [k, `\u0000${k}\u0000`]));
  const parts = i18n.t(key, { ...params, ...marks }).split(/\u0000(\w+)\u0000/);
  return parts.map((part, i) => (i % 2 === 1 ? <Fragment key={i}>{nodes[part]}</Fragment> : part));
}

/** "GOV-2026-000002 Guild fake traffic (version 1)", the key linked to the rule page when the data has its id. */
function ruleNode(d: Data, { t }: Pick<I18n, 't'>, withVersion = true): ReactNode {
  const key = str(d.ruleKey);
  const name = str(d.name);
  const label = key || name || t('gov.rule.unnamed');
  return (
    <>
      {d.ruleId ? <a href={href.rule(str(d.ruleId))}>{label}</a> : label}
      {key && name ? ` ${name}` : ''}
      {withVersion && isNum(d.version) ? t('timeline.gov.version', { version: d.version }) : ''}
    </>
  );
}

function subjectNode(v: unknown, { tv }: Pick<I18n, 'tv'>): ReactNode {
  if (!isObj(v) || !v.type || !v.id) return tv('gov.enforcement.subjectType', '');
  const text = `${tv('gov.enforcement.subjectType', str(v.type))} ${str(v.id)}`;
  return <a href={govHref.subject(str(v.type), str(v.id))}>{text}</a>;
}

function ruleChanged(d: Data, i18n: I18n): ReactNode {
  const transition = str(d.transition);
  const rule = ruleNode(d, i18n);
  const line = TRANSITIONS.includes(transition)
    ? sentence(i18n, `timeline.gov.${transition}` as MsgKey, {}, { rule })
    : sentence(i18n, 'timeline.gov.changed', { from: i18n.tv('gov.status', str(d.from)), to: i18n.tv('gov.status', str(d.to)) }, { rule });
  const note = str(d.note);
  return note ? (
    <>
      {line}
      {gap(i18n)}
      {i18n.t('timeline.gov.note', { note })}
    </>
  ) : (
    line
  );
}

function imported(d: Data, i18n: I18n): ReactNode {
  const n = isNum(d.accepted) ? d.accepted : 0;
  const counts = isObj(d.actions) ? d.actions : isObj(d.counts) ? d.counts : {};
  const steps = Object.entries(counts)
    .filter((e): e is [string, number] => isNum(e[1]) && e[1] > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([action, c]) => `${i18n.tv('gov.enforcement.action', action)} ${c.toLocaleString(i18n.lang)}`)
    .join(' · ');
  const shadow = isNum(d.shadow) ? d.shadow : 0;
  return (
    <>
      {sentence(i18n, 'timeline.gov.imported', { n: n.toLocaleString(i18n.lang), count: n }, { rule: ruleNode(d, i18n, false) })}
      {steps ? `${gap(i18n)}${i18n.t('timeline.gov.importedSteps', { steps })}` : ''}
      {shadow > 0 ? `${gap(i18n)}${i18n.t('timeline.gov.importedShadow', { n: shadow.toLocaleString(i18n.lang) })}` : ''}
    </>
  );
}

function audit(d: Data, i18n: I18n): ReactNode {
  const num = (v: unknown) => (isNum(v) ? v.toLocaleString(i18n.lang) : '—');
  const params = { n: num(d.n), violating: num(d.violating), value: pct(isNum(d.value) ? d.value : null, i18n.lang), population: num(d.population ?? d.n) };
  return sentence(i18n, d.kind === 'coverage' ? 'timeline.gov.auditCoverage' : 'timeline.gov.auditPrecision', params, { rule: ruleNode(d, i18n) });
}

function notices(d: Data, i18n: I18n): ReactNode {
  const n = isNum(d.recipients) ? d.recipients : 0;
  return sentence(
    i18n,
    'timeline.gov.notices',
    {
      template: i18n.tv('gov.enforcement.template', str(d.template)),
      segment: i18n.tv('gov.enforcement.segment', str(d.segment)),
      language: i18n.tv('gov.enforcement.language', str(d.language)),
      n: n.toLocaleString(i18n.lang),
      count: n,
    },
    { rule: ruleNode(d, i18n) },
  );
}

function effect(d: Data, i18n: I18n): ReactNode {
  const verdict = i18n.tv('gov.verdict', str(d.verdict) || 'none');
  const head =
    d.closing === true
      ? i18n.t('timeline.gov.effectClosing', { verdict })
      : d.gateOutcome === 'Effective'
        ? i18n.t('timeline.gov.effectEffective', { verdict })
        : d.gateOutcome === 'Iterate'
          ? i18n.t('timeline.gov.effectIterate', { verdict })
          : d.previousVerdict && d.previousVerdict !== d.verdict
            ? i18n.t('timeline.gov.effectChanged', { previous: i18n.tv('gov.verdict', str(d.previousVerdict)), verdict })
            : i18n.t('timeline.gov.effectNow', { verdict });
  const rules = (Array.isArray(d.rules) ? d.rules : []).filter(isObj);
  return (
    <>
      {head}
      {rules.map((r, i) => {
        const figures = [
          isNum(r.violationRateChange) ? i18n.t('timeline.gov.figureChange', { change: pct(r.violationRateChange, i18n.lang, true) }) : null,
          isNum(r.precision) ? i18n.t('timeline.gov.figurePrecision', { value: pct(r.precision, i18n.lang) }) : null,
          isNum(r.coverage) ? i18n.t('timeline.gov.figureCoverage', { value: pct(r.coverage, i18n.lang) }) : null,
        ].filter(Boolean);
        return (
          <Fragment key={i}>
            {gap(i18n)}
            {sentence(i18n, 'timeline.gov.effectRule', { verdict: i18n.tv('gov.verdict', str(r.verdict) || 'none') }, { rule: ruleNode(r, i18n, false) })}
            {figures.length ? ` · ${figures.join(' · ')}` : ''}
            {i18n.lang === 'zh-CN' ? '。' : '.'}
          </Fragment>
        );
      })}
    </>
  );
}

function appealFiled(d: Data, i18n: I18n): ReactNode {
  const n = isNum(d.appeals) ? d.appeals : 1;
  if (n === 1 && isObj(d.subject)) return sentence(i18n, 'timeline.gov.appealFiled', {}, { rule: ruleNode(d, i18n, false), subject: subjectNode(d.subject, i18n) });
  return sentence(i18n, 'timeline.gov.appealsFiled', { n: n.toLocaleString(i18n.lang) }, { rule: ruleNode(d, i18n, false) });
}

function appealDecided(d: Data, i18n: I18n): ReactNode {
  const key = d.outcome === 'overturned' ? 'timeline.gov.appealOverturned' : 'timeline.gov.appealUpheld';
  return sentence(i18n, key, { record: str(d.enforcementExternalId) || '—' }, { rule: ruleNode(d, i18n, false), subject: subjectNode(d.subject, i18n) });
}

const SUMMARIES: Record<string, (d: Data, i18n: I18n) => ReactNode> = {
  'governance.rule-changed': ruleChanged,
  'governance.launched': (d, i18n) => sentence(i18n, 'timeline.gov.launched', {}, { rule: ruleNode(d, i18n) }),
  'governance.enforcement-imported': imported,
  'governance.audit-recorded': audit,
  'governance.notices-sent': notices,
  'governance.effect-measured': effect,
  'appeal.filed': appealFiled,
  'appeal.decided': appealDecided,
};

/** The sentence for a governance or appeal event; null for other types. */
export function governanceEventSummary(type: string, data: Data, i18n: I18n): ReactNode | null {
  const summary = SUMMARIES[type];
  return summary ? summary(data, i18n) : null;
}
