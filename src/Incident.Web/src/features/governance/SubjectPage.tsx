// Owned by the enforcement screens; replaced there.
export function SubjectPage({ type, id }: { type?: string; id?: string }) {
  void type;
  void id;
  return null;
}
