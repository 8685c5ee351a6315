import { exportReport } from '../../api/endpoints';

/** The export needs the bearer token, so fetch it and hand the browser a blob to save. */
export async function downloadExport(id: string, format: 'md' | 'html', baseName: string): Promise<void> {
  const text = await exportReport(id, format);
  const blob = new Blob([text], { type: format === 'html' ? 'text/html;charset=utf-8' : 'text/markdown;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${baseName.replace(/[\\/:*?"<>|\s]+/g, '-') || 'report'}.${format}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function exportBaseName(r: { incidentKey: string | null; kind: string; digestDate: string | null }): string {
  return r.incidentKey ? `${r.incidentKey}-${r.kind}` : `${r.kind}-${r.digestDate ?? ''}`;
}
