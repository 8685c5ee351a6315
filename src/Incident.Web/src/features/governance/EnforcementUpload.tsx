// Owned by the enforcement screens; replaced there.
export function EnforcementUpload({ ruleId }: { ruleId?: string }) {
  void ruleId;
  return null;
}
