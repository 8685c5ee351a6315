import { useI18n } from '../../i18n/i18n';

export function SeverityBadge({ severity }: { severity: string }) {
  const { tv } = useI18n();
  return (
    <span className={`sev sev-${severity}`} title={tv('severity', severity)}>
      {severity}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { tv } = useI18n();
  return <span className={`status status-${status}`}>{tv('status', status)}</span>;
}
