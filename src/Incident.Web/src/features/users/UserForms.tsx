import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, mapFieldErrors } from '../../api/client';
import { createUser, updateUser } from '../../api/endpoints';
import type { Role, UserAccount } from '../../api/types';
import { ErrorBox, Field, RefOptions } from '../../app/forms';
import { useReference } from '../../app/reference';
import { useI18n } from '../../i18n/i18n';
import {
  CREATE_FIELDS,
  EDIT_FIELDS,
  EMPTY_CREATE,
  MIN_PASSWORD,
  changesOf,
  checkChanges,
  checkNewUser,
  editValuesOf,
  toNewUser,
  toggleRole,
  type CreateValues,
  type EditValues,
  type Problem,
} from './users';

type Errors = Record<string, string[]>;
type T = ReturnType<typeof useI18n>['t'];

function messages(t: T, problems: Partial<Record<string, Problem>>): Errors {
  return Object.fromEntries(Object.entries(problems).map(([f, p]) => [f, [t(p!.key, p!.params)]]));
}

/** A 400's `errors` next to their fields, the rest in the box; anything else as one message. */
function fromApi(t: T, err: unknown, fields: readonly string[]): { errors: Errors; general: string[] } {
  if (err instanceof ApiError && err.status === 400) {
    const mapped = mapFieldErrors(err.errors, [...fields]);
    const hasField = Object.keys(mapped.byField).length > 0;
    return { errors: mapped.byField, general: [...(hasField ? [t('create.fixErrors')] : [err.message]), ...mapped.other] };
  }
  return { errors: {}, general: [err instanceof Error ? err.message : String(err)] };
}

/** Role checkboxes in a fieldset; hint and error are tied to the group with aria-describedby. */
function RolesField({ roles, onChange, errors, hint }: { roles: Role[]; onChange: (roles: Role[]) => void; errors?: string[]; hint?: string }) {
  const { t, tv } = useI18n();
  const ref = useReference();
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = errors?.length ? `${id}-err` : undefined;
  return (
    <fieldset
      className={`field${errors?.length ? ' field-invalid' : ''}`}
      data-field="roles"
      aria-describedby={[hintId, errId].filter(Boolean).join(' ') || undefined}
    >
      <legend>
        {t('users.roles')}
        <span className="req" aria-hidden="true" title={t('field.required')}>
          {' '}
          *
        </span>
      </legend>
      <div className="checkbox-grid">
        {ref.roles.map((r) => (
          <label key={r.value} className="radio">
            <input
              type="checkbox"
              name="roles"
              value={r.value}
              checked={roles.includes(r.value as Role)}
              onChange={(e) => onChange(toggleRole(roles, r.value as Role, e.target.checked))}
              aria-invalid={errors?.length ? true : undefined}
            />
            {tv('role', r.value, r.label)}
          </label>
        ))}
      </div>
      {hint && (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      )}
      {errId && (
        <div className="field-error" id={errId} data-testid="field-error-roles">
          {errors!.join(' ')}
        </div>
      )}
    </fieldset>
  );
}

export function CreateUserForm({ onCreated }: { onCreated: (user: UserAccount) => void }) {
  const { t } = useI18n();
  const ref = useReference();
  const [values, setValues] = useState<CreateValues>(EMPTY_CREATE);
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (name: 'username' | 'displayName' | 'password' | 'department') => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs = messages(t, checkNewUser(values));
    setErrors(errs);
    setGeneral(Object.keys(errs).length ? [t('create.fixErrors')] : []);
    if (Object.keys(errs).length) return;
    const body = toNewUser(values);
    setBusy(true);
    try {
      const created = await createUser(body);
      setValues(EMPTY_CREATE);
      onCreated(created);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setErrors({ username: [t('users.exists', { username: body.username })] });
        setGeneral([t('create.fixErrors')]);
      } else {
        const r = fromApi(t, err, CREATE_FIELDS);
        setErrors(r.errors);
        setGeneral(r.general);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="create-user-title" data-testid="create-user-form">
      <h2 id="create-user-title">{t('users.createTitle')}</h2>
      <div className="field-row">
        <Field label={t('users.username')} name="username" required hint={t('users.usernameHint')} errors={errors.username}>
          {(p) => <input {...p} name="username" autoComplete="off" value={values.username} onChange={set('username')} maxLength={64} />}
        </Field>
        <Field label={t('users.displayName')} name="displayName" required errors={errors.displayName}>
          {(p) => <input {...p} name="displayName" value={values.displayName} onChange={set('displayName')} maxLength={100} />}
        </Field>
      </div>
      <div className="field-row">
        <Field label={t('users.password')} name="password" required hint={t('users.passwordHint', { min: MIN_PASSWORD })} errors={errors.password}>
          {(p) => <input {...p} type="password" name="password" autoComplete="new-password" value={values.password} onChange={set('password')} />}
        </Field>
        <Field label={t('users.department')} name="department" required errors={errors.department}>
          {(p) => (
            <select {...p} name="department" value={values.department} onChange={set('department')}>
              <option value="">{t('create.choose')}</option>
              <RefOptions items={ref.departments} prefix="department" />
            </select>
          )}
        </Field>
      </div>
      <RolesField roles={values.roles} onChange={(roles) => setValues((v) => ({ ...v, roles }))} errors={errors.roles} />
      <ErrorBox messages={general} />
      <div className="form-buttons">
        <button type="submit" disabled={busy} data-testid="create-user-submit">
          {busy ? t('users.creating') : t('users.create')}
        </button>
      </div>
    </form>
  );
}

/** Inline editor for one account. Sends only the fields that changed (see `changesOf`). */
export function EditUserPanel({ user, onSaved, onClose }: { user: UserAccount; onSaved: (user: UserAccount) => void; onClose: () => void }) {
  const { t } = useI18n();
  const ref = useReference();
  const [values, setValues] = useState<EditValues>(() => editValuesOf(user));
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const titleId = useId();
  useEffect(() => first.current?.focus(), []);
  const set = (name: 'displayName' | 'password' | 'department') => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));
  const signOutHint = t('users.signOutHint');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs = messages(t, checkChanges(values));
    setErrors(errs);
    setGeneral(Object.keys(errs).length ? [t('create.fixErrors')] : []);
    if (Object.keys(errs).length) return;
    const changes = changesOf(user, values);
    if (!Object.keys(changes).length) {
      setGeneral([t('users.noChanges')]);
      return;
    }
    setBusy(true);
    try {
      onSaved(await updateUser(user.username, changes));
    } catch (err) {
      const r = fromApi(t, err, EDIT_FIELDS);
      setErrors(r.errors);
      setGeneral(r.general);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="panel user-edit"
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
      noValidate
      aria-labelledby={titleId}
      data-testid="edit-user-form"
    >
      <h2 id={titleId}>{t('users.editTitle', { username: user.username })}</h2>
      <div className="field-row">
        <Field label={t('users.displayName')} name="displayName" required errors={errors.displayName}>
          {(p) => <input {...p} ref={first} name="displayName" value={values.displayName} onChange={set('displayName')} maxLength={100} />}
        </Field>
        <Field label={t('users.newPassword')} name="password" hint={t('users.newPasswordHint', { min: MIN_PASSWORD })} errors={errors.password}>
          {(p) => <input {...p} type="password" name="password" autoComplete="new-password" value={values.password} onChange={set('password')} />}
        </Field>
        <Field label={t('users.department')} name="department" required hint={signOutHint} errors={errors.department}>
          {(p) => (
            <select {...p} name="department" value={values.department} onChange={set('department')}>
              <RefOptions items={ref.departments} prefix="department" />
            </select>
          )}
        </Field>
      </div>
      <RolesField roles={values.roles} onChange={(roles) => setValues((v) => ({ ...v, roles }))} errors={errors.roles} hint={signOutHint} />
      <Field label={t('users.disabled')} name="disabled" hint={signOutHint} errors={errors.disabled}>
        {(p) => (
          <input {...p} type="checkbox" name="disabled" checked={values.disabled} onChange={(e) => setValues((v) => ({ ...v, disabled: e.target.checked }))} />
        )}
      </Field>
      <ErrorBox messages={general} />
      <div className="form-buttons">
        <button type="submit" disabled={busy} data-testid="edit-user-submit">
          {busy ? t('users.saving') : t('app.save')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}
