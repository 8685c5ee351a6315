import { useI18n } from '../../i18n/i18n';
import './rules.css';

/** A version's status, in words (the colour only repeats it). */
export function RuleStatusBadge({ status }: { status: string }) {
  const { tv } = useI18n();
  return (
    <span className={`status gov-status gov-status-${status}`} data-testid="rule-status" data-status={status}>
      {tv('gov.status', status)}
    </span>
  );
}

/** meets / not yet / regresses / none. */
export function VerdictBadge({ verdict, testId = 'governance-verdict' }: { verdict: string | null | undefined; testId?: string }) {
  const { tv } = useI18n();
  const v = verdict || 'none';
  return (
    <span className={`status gov-verdict gov-verdict-${v}`} data-testid={testId} data-verdict={v}>
      {tv('gov.verdict', v)}
    </span>
  );
}

/** The board card's line: nothing when the incident has no governance verdict. */
export function GovernanceIndicator({ verdict }: { verdict: string | null | undefined }) {
  const { t, tv } = useI18n();
  if (verdict !== 'meets' && verdict !== 'not-yet' && verdict !== 'regresses') return null;
  return (
    <div className={`gov-indicator gov-indicator-${verdict}`} data-testid="governance-indicator" data-verdict={verdict}>
      <span className="gov-dot" aria-hidden="true" />
      {t('gov.board.line', { verdict: tv('gov.board', verdict) })}
    </div>
  );
}
