import type { ReactNode } from 'react';
import { useI18n, type MsgKey } from '../../i18n/i18n';
import { formatDay, formatMonth, hasCi, num, pct } from './effectiveness';
import type { Effectiveness } from './enforcementTypes';

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The effectiveness figures in words, each with its 95 % interval, or why there is none yet. */
export function EffectivenessFigures({ data }: { data: Effectiveness }) {
  const { t, lang } = useI18n();
  const n = (x: number | null | undefined) => (isNum(x) ? x.toLocaleString(lang) : '—');
  /** "−34% (95% CI −41% to −27%)" */
  const withCi = (x: number | null | undefined, ci: unknown, signed = false) =>
    hasCi(ci) ? t('gov.effect.withCi', { value: pct(x, lang, signed), ci: t('gov.effect.ci', { lo: pct(ci[0], lang, signed), hi: pct(ci[1], lang, signed) }) }) : pct(x, lang, signed);
  const notEnough = (what: MsgKey, why: MsgKey) => t('gov.effect.notEnough', { what: t(what), why: t(why) });

  const vr = data.violationRate;
  const p = data.precision;
  const c = data.coverage;
  const o = data.overturnRate;
  const a = data.appealRate;
  const r = data.recidivism;
  const ed = data.education;
  const lines: { key: string; text: ReactNode; missing?: boolean }[] = [];
  const add = (key: string, ok: boolean, text: () => string, missing: () => string) =>
    lines.push(ok ? { key, text: text() } : { key, text: missing(), missing: true });

  add(
    'violation',
    !!vr && isNum(vr.change),
    () =>
      t('gov.effect.violation', {
        change: withCi(vr!.change, vr!.ci95, true),
        date: formatDay(data.launchedAt, lang),
        before: num(vr!.before, lang, 4),
        after: num(vr!.after, lang, 4),
        beforeDays: n(vr!.beforeDays),
        afterDays: n(vr!.afterDays),
      }),
    () => notEnough('gov.effect.what.violation', data.launchedAt ? 'gov.effect.why.noSeries' : 'gov.effect.why.noLaunch'),
  );
  if (vr && isNum(vr.change))
    add(
      'did',
      isNum(vr.didEstimate),
      () => t('gov.effect.did', { did: withCi(vr.didEstimate, vr.didCi95, true) }),
      () => t(vr.controlSeriesId ? 'gov.effect.didMissing' : 'gov.effect.noControl'),
    );
  add(
    'precision',
    !!p && isNum(p.value),
    () => t('gov.effect.precision', { value: withCi(p!.value, p!.ci95), violating: n(p!.violating), n: n(p!.n) }),
    () => notEnough('gov.effect.what.precision', 'gov.effect.why.noAudit'),
  );
  add(
    'coverage',
    !!c && isNum(c.value),
    () =>
      t('gov.effect.coverage', {
        value: withCi(c!.value, c!.ci95),
        enforced: n(c!.enforced),
        missed: n(isNum(c!.estimatedMissed) ? Math.round(c!.estimatedMissed) : null),
        population: n(c!.population),
        n: n(c!.n),
      }),
    () => notEnough('gov.effect.what.coverage', 'gov.effect.why.noAudit'),
  );
  add(
    'overturn',
    !!o && isNum(o.value),
    () => t('gov.effect.overturn', { value: withCi(o!.value, o!.ci95), overturned: n(o!.overturned), count: o!.n, n: n(o!.n) }),
    () => notEnough('gov.effect.what.overturn', 'gov.effect.why.noDecided'),
  );
  add(
    'appealRate',
    !!a && isNum(a.value),
    () => t('gov.effect.appealRate', { value: pct(a!.value, lang), appeals: n(a!.appeals), records: n(a!.records) }),
    () => notEnough('gov.effect.what.appealRate', 'gov.effect.why.noRecords'),
  );
  add(
    'medianHours',
    isNum(data.medianDecisionHours),
    () => t('gov.effect.medianHours', { hours: num(data.medianDecisionHours, lang, 1) }),
    () => notEnough('gov.effect.what.medianHours', 'gov.effect.why.noDecided'),
  );
  add(
    'recidivism',
    !!r && isNum(r.value),
    () => t('gov.effect.recidivism', { value: pct(r!.value, lang), repeat: n(r!.repeatSubjects), subjects: n(r!.subjects) }),
    () => notEnough('gov.effect.what.recidivism', 'gov.effect.why.noRecords'),
  );
  add(
    'education',
    !!ed && ed.completed > 0 && isNum(ed.reViolationRate),
    () => t('gov.effect.education', { completed: n(ed!.completed), reViolated: n(ed!.reViolated), rate: pct(ed!.reViolationRate, lang) }),
    () => notEnough('gov.effect.what.education', 'gov.effect.why.noEducation'),
  );
  if (data.shadow) lines.push({ key: 'shadow', text: t('gov.effect.shadow', { count: data.shadow.wouldBePenalties, n: n(data.shadow.wouldBePenalties) }) });

  const cohorts = o?.cohorts ?? [];
  return (
    <>
      <h3>{t('gov.effect.figures')}</h3>
      <ul className="gov-figures" data-testid="effectiveness-figures">
        {lines.map((l) => (
          <li key={l.key} data-figure={l.key} data-missing={l.missing ? 'true' : undefined} className={l.missing ? 'muted' : undefined}>
            {l.text}
          </li>
        ))}
      </ul>
      {cohorts.length > 0 && (
        <div className="table-wrap">
          <table data-testid="overturn-cohorts">
            <caption className="visually-hidden">{t('gov.effect.cohorts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('gov.effect.cohort')}</th>
                <th scope="col">{t('gov.effect.decided')}</th>
                <th scope="col">{t('gov.effect.overturned')}</th>
                <th scope="col">{t('gov.effect.overturnRate')}</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.map((k) => (
                <tr key={k.cohort}>
                  <th scope="row">{formatMonth(k.cohort, lang)}</th>
                  <td className="num">{n(k.decided)}</td>
                  <td className="num">{n(k.overturned)}</td>
                  <td className="num">{pct(k.value, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
