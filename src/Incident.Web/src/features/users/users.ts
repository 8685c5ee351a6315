import type { NewUser, Role, UserAccount, UserChanges } from '../../api/types';
import type { MsgKey } from '../../i18n/en';

// Limits mirror the API's validators (Features/Users: CreateUser, UserRules).
export const ROLES: Role[] = ['operator', 'partner', 'leader', 'admin'];
export const MIN_PASSWORD = 10;
const MAX_PASSWORD = 200;
const USERNAME = /^[A-Za-z0-9._-]+$/;

export const CREATE_FIELDS = ['username', 'displayName', 'password', 'roles', 'department'] as const;
export const EDIT_FIELDS = ['displayName', 'password', 'roles', 'department', 'disabled'] as const;
export type CreateField = (typeof CREATE_FIELDS)[number];
export type EditField = (typeof EDIT_FIELDS)[number];

export interface CreateValues {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  department: string;
}

export interface EditValues {
  displayName: string;
  password: string;
  roles: Role[];
  department: string;
  disabled: boolean;
}

export const EMPTY_CREATE: CreateValues = { username: '', displayName: '', password: '', roles: [], department: '' };

/** A problem found before calling the server: a dictionary key and its parameters. */
export interface Problem {
  key: MsgKey;
  params?: Record<string, string | number>;
}

function password(v: string, required: boolean): Problem | undefined {
  if (!v) return required ? { key: 'validation.required' } : undefined;
  if (v.length < MIN_PASSWORD) return { key: 'validation.minLength', params: { min: MIN_PASSWORD } };
  if (v.length > MAX_PASSWORD) return { key: 'validation.maxLength', params: { max: MAX_PASSWORD } };
  return undefined;
}

function displayName(v: string): Problem | undefined {
  if (!v.trim()) return { key: 'validation.required' };
  return v.trim().length > 100 ? { key: 'validation.maxLength', params: { max: 100 } } : undefined;
}

function compact<F extends string>(o: Partial<Record<F, Problem | undefined>>): Partial<Record<F, Problem>> {
  return Object.fromEntries(Object.entries(o).filter(([, p]) => p)) as Partial<Record<F, Problem>>;
}

export function checkNewUser(v: CreateValues): Partial<Record<CreateField, Problem>> {
  const name = v.username.trim();
  return compact<CreateField>({
    username: !name
      ? { key: 'validation.required' }
      : name.length > 64
        ? { key: 'validation.maxLength', params: { max: 64 } }
        : USERNAME.test(name)
          ? undefined
          : { key: 'users.usernameFormat' },
    displayName: displayName(v.displayName),
    password: password(v.password, true),
    roles: v.roles.length ? undefined : { key: 'users.rolesRequired' },
    department: v.department ? undefined : { key: 'validation.required' },
  });
}

export function checkChanges(v: EditValues): Partial<Record<EditField, Problem>> {
  return compact<EditField>({
    displayName: displayName(v.displayName),
    password: password(v.password, false),
    roles: v.roles.length ? undefined : { key: 'users.rolesRequired' },
  });
}

export function toNewUser(v: CreateValues): NewUser {
  return {
    username: v.username.trim(),
    displayName: v.displayName.trim(),
    password: v.password,
    roles: sortRoles(v.roles),
    department: v.department,
  };
}

export function editValuesOf(u: UserAccount): EditValues {
  return { displayName: u.displayName, password: '', roles: sortRoles(u.roles), department: u.department, disabled: u.disabled };
}

/**
 * The PUT body: only what differs from the listed account, so an unchanged role set or department
 * never goes out (either one, like `disabled`, signs the user out everywhere). An empty password keeps the old one.
 */
export function changesOf(original: UserAccount, v: EditValues): UserChanges {
  const out: UserChanges = {};
  if (v.displayName.trim() !== original.displayName) out.displayName = v.displayName.trim();
  if (v.password) out.password = v.password;
  if (sortRoles(v.roles).join(',') !== sortRoles(original.roles).join(',')) out.roles = sortRoles(v.roles);
  if (v.department !== original.department) out.department = v.department;
  if (v.disabled !== original.disabled) out.disabled = v.disabled;
  return out;
}

/** Roles in the fixed order operator, partner, leader, admin (unknown ones last). */
export function sortRoles(roles: Role[]): Role[] {
  const rank = (r: Role) => (ROLES.includes(r) ? ROLES.indexOf(r) : ROLES.length);
  return [...new Set(roles)].sort((a, b) => rank(a) - rank(b));
}

export function toggleRole(roles: Role[], role: Role, on: boolean): Role[] {
  return sortRoles(on ? [...roles, role] : roles.filter((r) => r !== role));
}
