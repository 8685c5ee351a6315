import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { getIncident } from '../../api/endpoints';
import { ErrorBox } from '../../app/forms';
import { href, navigate } from '../../app/router';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { getRule } from './governanceApi';
import type { Rule } from './governanceTypes';
import { GovernanceNav } from './GovernanceNav';
import { RuleStatusBadge } from './ruleBadges';
import { RuleForm } from './RuleForm';
import { emptyValues, valuesOfRule, type RuleFormValues } from './rules';

type Loaded = { values: RuleFormValues; rule?: Rule; fromIncident?: { key: string; title: string } };

/** `#/governance/rules/new?incident=…` (prefilled from the incident) and `#/governance/rules/<id>/edit`. */
export function RuleFormPage({ id, incidentId }: { id?: string; incidentId?: string }) {
  const { t } = useI18n();
  const notify = useToast();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<{ notFound: boolean; message: string } | null>(null);

  useEffect(() => {
    let alive = true;
    const fail = (e: unknown) => {
      if (!alive) return;
      setError({ notFound: e instanceof ApiError && e.status === 404, message: e instanceof Error ? e.message : String(e) });
    };
    if (id) {
      getRule(id)
        .then((r) => alive && setLoaded({ values: valuesOfRule(r), rule: r }))
        .catch(fail);
    } else if (incidentId) {
      getIncident(incidentId)
        .then(
          (inc) =>
            alive &&
            setLoaded({
              values: emptyValues({
                businessLine: inc.businessLine,
                category: inc.category,
                incidents: [{ id: inc.id, key: inc.key, title: inc.title }],
              }),
              fromIncident: { key: inc.key, title: inc.title },
            }),
        )
        .catch(fail);
    } else setLoaded({ values: emptyValues() });
    return () => {
      alive = false;
    };
  }, [id, incidentId]);

  const back = id ? href.rule(id) : incidentId ? href.incident(incidentId) : href.governance();
  const rule = loaded?.rule;
  return (
    <div className="page rule-form-page" data-testid="rule-form-page">
      <GovernanceNav active="rules" />
      <p>
        <a href={back}>← {id ? t('gov.rule.backToRule') : incidentId ? t('gov.form.backToIncident') : t('gov.rules.back')}</a>
      </p>
      <div className="page-head">
        <h1>{rule ? t('gov.form.editTitle', { key: rule.key }) : t('gov.form.newTitle')}</h1>
        {rule && <RuleStatusBadge status={rule.status} />}
      </div>
      {error && (
        <ErrorBox messages={[error.notFound ? t(id ? 'gov.rule.notFound' : 'gov.form.incidentNotFound') : t('app.error', { message: error.message })]} />
      )}
      {!error && !loaded && <p className="muted">{t('app.loading')}</p>}
      {loaded?.fromIncident && (
        <p className="hint" data-testid="rule-from-incident">
          {t('gov.form.fromIncident', { key: loaded.fromIncident.key, title: loaded.fromIncident.title })}
        </p>
      )}
      {rule && <EditNote rule={rule} />}
      {loaded && rule?.status !== 'retired' && (
        <RuleForm
          initial={loaded.values}
          rule={rule}
          onCancel={() => navigate(back)}
          onSaved={(saved) => {
            notify(t(rule ? 'gov.form.saved' : 'gov.form.created', { key: saved.key, version: saved.version }), 'success');
            navigate(href.rule(saved.id));
          }}
        />
      )}
    </div>
  );
}

/** What saving does to the version (docs/governance.md "PUT"). */
function EditNote({ rule }: { rule: Rule }) {
  const { t } = useI18n();
  const s = rule.status;
  const key =
    s === 'retired'
      ? 'gov.form.retiredNoEdit'
      : s === 'in-review'
        ? 'gov.form.editInReview'
        : s === 'draft'
          ? 'gov.form.editDraft'
          : 'gov.form.editNewVersion';
  return (
    <p className={s === 'retired' ? 'error-box' : 'hint'} role={s === 'retired' ? 'alert' : undefined} data-testid="rule-edit-note">
      {t(key, { version: rule.version, next: rule.version + 1 })}
    </p>
  );
}
