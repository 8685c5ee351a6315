import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { listUsers } from '../../api/endpoints';
import type { Paged, UserAccount } from '../../api/types';
import { ErrorBox } from '../../app/forms';
import { Pager } from '../../app/Pager';
import { useToast } from '../../app/toasts';
import { useI18n } from '../../i18n/i18n';
import { can, session } from '../auth/session';
import { CreateUserForm, EditUserPanel } from './UserForms';
import { sortRoles } from './users';

const PAGE_SIZE = 25;

/** Admins: list, create and edit accounts. Others get the not-allowed message and no request goes out. */
export function UsersPage() {
  const { t } = useI18n();
  if (!can.manageUsers(session.get()?.user ?? null)) return <ErrorBox messages={[t('app.forbidden')]} />;
  return <UsersAdmin />;
}

function UsersAdmin() {
  const { t } = useI18n();
  const notify = useToast();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Paged<UserAccount> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());

  const load = useCallback(() => {
    listUsers(page, PAGE_SIZE)
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [page]);
  useEffect(load, [load]);

  const close = (username: string) => {
    setEditing(null);
    editButtons.current.get(username)?.focus();
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || PAGE_SIZE))) : 1;

  return (
    <div className="page users-page" data-testid="users-page">
      <div className="page-head">
        <h1>{t('users.title')}</h1>
      </div>
      <ErrorBox messages={error ? [t('app.error', { message: error })] : []} />
      {!data && !error && <p className="muted">{t('app.loading')}</p>}
      {data && (
        <UserTable
          items={data.items}
          editing={editing}
          editButtons={editButtons.current}
          onEdit={(u) => setEditing((cur) => (cur === u ? null : u))}
          onSaved={(u) => {
            notify(t('users.updated', { username: u.username }), 'success');
            close(u.username);
            load();
          }}
          onClose={close}
        />
      )}
      {data && (
        <Pager
          page={page}
          pages={pages}
          onPage={(p) => {
            setEditing(null);
            setPage(p);
          }}
          label={t('users.paging')}
          summary={<>{t('users.total', { total: data.total })} · {t('incidents.page', { page: data.page, pages })}</>}
        />
      )}
      <CreateUserForm
        onCreated={(u) => {
          notify(t('users.created', { username: u.username }), 'success');
          load();
        }}
      />
    </div>
  );
}

function UserTable({
  items,
  editing,
  editButtons,
  onEdit,
  onSaved,
  onClose,
}: {
  items: UserAccount[];
  editing: string | null;
  editButtons: Map<string, HTMLButtonElement>;
  onEdit: (username: string) => void;
  onSaved: (user: UserAccount) => void;
  onClose: (username: string) => void;
}) {
  const { t, tv } = useI18n();
  if (!items.length) return <p className="muted empty">{t('users.empty')}</p>;
  return (
    <div className="table-wrap">
      <table data-testid="user-list">
        <caption className="visually-hidden">{t('users.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.username')}</th>
            <th scope="col">{t('users.displayName')}</th>
            <th scope="col">{t('users.roles')}</th>
            <th scope="col">{t('users.department')}</th>
            <th scope="col">{t('users.status')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('users.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((u) => {
            const panelId = `user-edit-${u.username}`;
            const open = editing === u.username;
            return (
              <Fragment key={u.username}>
                <tr data-testid="user-row" data-username={u.username}>
                  <td>{u.username}</td>
                  <td>{u.displayName}</td>
                  <td>{sortRoles(u.roles).map((r) => tv('role', r)).join(', ')}</td>
                  <td>{tv('department', u.department)}</td>
                  <td>
                    <span className={`status ${u.disabled ? 'status-declined' : 'status-accepted'}`}>
                      {u.disabled ? t('users.statusDisabled') : t('users.statusActive')}
                    </span>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      aria-expanded={open}
                      aria-controls={open ? panelId : undefined}
                      onClick={() => onEdit(u.username)}
                      ref={(b) => {
                        if (b) editButtons.set(u.username, b);
                        else editButtons.delete(u.username);
                      }}
                      data-testid="user-edit"
                    >
                      {t('users.edit')}{' '}
                      <span className="visually-hidden">{u.username}</span>
                    </button>
                  </td>
                </tr>
                {open && (
                  <tr>
                    <td colSpan={6} id={panelId}>
                      <EditUserPanel user={u} onSaved={onSaved} onClose={() => onClose(u.username)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
