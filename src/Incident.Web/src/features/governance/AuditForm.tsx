// Owned by the enforcement screens; replaced there.
export function AuditForm({ ruleId }: { ruleId: string }) {
  void ruleId;
  return null;
}
