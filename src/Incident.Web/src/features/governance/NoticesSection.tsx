// Owned by the enforcement screens; replaced there.
export function NoticesSection({ ruleId }: { ruleId: string }) {
  void ruleId;
  return null;
}
