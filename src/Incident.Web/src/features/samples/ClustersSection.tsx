import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, mapFieldErrors } from '../../api/client';
import { latestClusters, runClusters } from '../../api/endpoints';
import type { ClusterRun, ClusterView } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { safeHref } from '../reports/markdown';
import { clusterShare, parseK } from './clusters';

export function ClusterCard({ cluster, sampleCount }: { cluster: ClusterView; sampleCount: number }) {
  const { t } = useI18n();
  const share = clusterShare(cluster.size, sampleCount);
  const pct = Math.round(share * 1000) / 10;
  const texts = new Map((cluster.representativeSamples ?? []).map((r) => [r.externalId, r]));
  return (
    <li className="cluster-card" data-testid="cluster-card" data-cluster-id={cluster.id} data-size={cluster.size}>
      <div className="cluster-head">
        <strong>{t('clusters.cluster', { id: cluster.id })}</strong>
        <span className="muted small">{t('clusters.size', { size: cluster.size, pct })}</span>
      </div>
      <div className="size-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t('clusters.share')}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <ul className="chips" aria-label={t('clusters.terms')}>
        {cluster.terms.map((term) => (
          <li key={term} className="chip" data-testid="cluster-term">
            {term}
          </li>
        ))}
      </ul>
      <p className="cluster-summary" data-testid="cluster-summary">
        {cluster.summary}
      </p>
      {cluster.representatives.length > 0 && (
        <details>
          <summary>{t('clusters.representatives', { count: cluster.representatives.length })}</summary>
          <ul className="representatives">
            {cluster.representatives.map((id) => {
              const sample = texts.get(id);
              const url = sample?.url ? safeHref(sample.url) : null;
              return (
                <li key={id} data-testid="cluster-representative" data-external-id={id}>
                  <span className="incident-key">{id}</span> {sample?.text ?? <span className="muted">{t('clusters.textUnavailable')}</span>}
                  {url && (
                    <>
                      {' '}
                      <a href={url} target="_blank" rel="noopener noreferrer">
                        {t('clusters.source')}
                      </a>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </li>
  );
}

export function ClustersSection({ incidentId, canRun, tick }: { incidentId: string; canRun: boolean; tick: number }) {
  const { t, formatTime } = useI18n();
  const notify = useToast();
  const kId = useId();
  const [run, setRun] = useState<ClusterRun | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [kText, setKText] = useState('');
  const [kError, setKError] = useState<string[] | undefined>();
  const [other, setOther] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const show = useCallback((r: ClusterRun | null) => setRun(r), []);

  useEffect(() => {
    latestClusters(incidentId)
      .then(show)
      .catch((e: unknown) => setOther([e instanceof Error ? e.message : String(e)]))
      .finally(() => setLoaded(true));
  }, [incidentId, show, tick]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseK(kText);
    if (parsed.error) {
      setKError([t(parsed.error === 'integer' ? 'validation.integer' : 'clusters.kRange')]);
      return;
    }
    setKError(undefined);
    setOther([]);
    setBusy(true);
    try {
      const r = await runClusters(incidentId, parsed.k);
      show(r);
      notify(t('clusters.done', { k: r.k }), 'success');
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const { byField, other: rest } = mapFieldErrors(err.errors, ['clusters']);
        setKError(byField.clusters);
        setOther(rest.length || byField.clusters ? rest : [err.message]);
      } else setOther([err instanceof Error ? err.message : String(err)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="sec-clusters" data-testid="clusters-section">
      <h2 id="sec-clusters">{t('clusters.title')}</h2>
      {canRun && (
        <form className="field-row inline-form" onSubmit={submit} noValidate>
          <div className={`field${kError ? ' field-invalid' : ''}`}>
            <label htmlFor={kId}>{t('clusters.k')}</label>
            <input
              id={kId}
              type="number"
              min={1}
              max={100}
              step={1}
              value={kText}
              placeholder={t('clusters.auto')}
              onChange={(e) => setKText(e.target.value)}
              aria-describedby={`${kId}-hint${kError ? ` ${kId}-err` : ''}`}
              aria-invalid={kError ? true : undefined}
              data-testid="clusters-k"
            />
            <div className="hint" id={`${kId}-hint`}>
              {t('clusters.kHint')}
            </div>
            {kError && (
              <div className="field-error" id={`${kId}-err`} data-testid="field-error-clusters">
                {kError.join(' ')}
              </div>
            )}
          </div>
          <div className="form-buttons">
            <button type="submit" disabled={busy} data-testid="clusters-run">
              {busy ? t('clusters.running') : kText.trim() ? t('clusters.runK', { k: kText.trim() }) : t('clusters.runAuto')}
            </button>
          </div>
        </form>
      )}
      <ErrorBox messages={other} />
      {loaded && !run && <p className="muted">{t('clusters.none')}</p>}
      {run && (
        <>
          <p className="muted small" data-testid="clusters-meta" data-k={run.k} data-sample-count={run.sampleCount}>
            {t('clusters.meta', {
              k: run.k,
              how: run.kChosenAutomatically ? t('clusters.kAuto') : t('clusters.kGiven'),
              count: run.sampleCount,
              silhouette: run.silhouette.toFixed(3),
              by: run.createdBy,
              at: formatTime(run.createdAt),
            })}
          </p>
          <ul className="cluster-cards">
            {[...run.clusters]
              .sort((a, b) => b.size - a.size)
              .map((c) => (
                <ClusterCard key={c.id} cluster={c} sampleCount={run.sampleCount} />
              ))}
          </ul>
        </>
      )}
    </section>
  );
}
