import { useI18n } from '../../i18n/i18n';

export function ReportStatusBadge({ status }: { status: string }) {
  const { tv } = useI18n();
  return <span className={`status report-status-${status}`}>{tv('reportStatus', status)}</span>;
}
