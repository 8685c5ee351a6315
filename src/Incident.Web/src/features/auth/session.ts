import type { Role, TokenResponse, User } from '../../api/types';

// The token lives in sessionStorage: it dies with the tab, and other tabs sign in on their own.
const KEY = 'incident.session';

export interface Session {
  token: string;
  user: User;
  expiresAt: number;
}

type Listener = () => void;

class SessionStore {
  private current: Session | null = null;
  private listeners = new Set<Listener>();
  /** Why the last session ended, shown on the sign-in screen. */
  endedReason: 'expired' | null = null;

  constructor(private storage: Storage | null) {
    this.current = this.read();
  }

  private read(): Session | null {
    try {
      const raw = this.storage?.getItem(KEY);
      if (!raw) return null;
      const s = JSON.parse(raw) as Session;
      if (!s.token || !s.user || (s.expiresAt && s.expiresAt < Date.now())) return null;
      return s;
    } catch {
      return null;
    }
  }

  get = (): Session | null => this.current;

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  signIn(res: TokenResponse): void {
    const user: User = { ...res.user, roles: res.user.roles ?? [] };
    this.current = {
      token: res.accessToken,
      user,
      expiresAt: res.expiresIn ? Date.now() + res.expiresIn * 1000 : 0,
    };
    this.endedReason = null;
    this.storage?.setItem(KEY, JSON.stringify(this.current));
    this.emit();
  }

  signOut(reason: 'expired' | null = null): void {
    if (!this.current) return;
    this.current = null;
    this.endedReason = reason;
    this.storage?.removeItem(KEY);
    this.emit();
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}

export const session = new SessionStore(typeof sessionStorage !== 'undefined' ? sessionStorage : null);

export function hasRole(user: User | null | undefined, ...roles: Role[]): boolean {
  return !!user && user.roles.some((r) => roles.includes(r));
}

/** What each role may open (API.md "Who may do what"). */
export const can = {
  openIncidents: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin'),
  requestHandoffs: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin'),
  viewBoard: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin'),
  viewWorkflows: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin'),
  writeWorkflows: (u: User | null) => hasRole(u, 'admin'),
  viewSignals: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin'),
  setThreshold: (u: User | null) => hasRole(u, 'operator', 'admin'),
  workIncidents: (u: User | null) => hasRole(u, 'operator', 'leader', 'admin'),
  approveReports: (u: User | null) => hasRole(u, 'leader'),
  useInbox: (u: User | null) => hasRole(u, 'operator', 'partner', 'leader', 'admin'),
  manageUsers: (u: User | null) => hasRole(u, 'admin'),
};
