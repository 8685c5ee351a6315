import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from '../../../src/api/client';
import type { Role, UserAccount } from '../../../src/api/types';
import { session } from '../../../src/features/auth/session';
import { UsersPage } from '../../../src/features/users/UsersPage';
import { changesOf, checkNewUser, editValuesOf, EMPTY_CREATE } from '../../../src/features/users/users';
import { jsonResponse, renderWithApp } from '../../render';

const account = (username: string, roles: Role[], department = 'risk-ops', disabled = false): UserAccount => ({
  username,
  displayName: username.toUpperCase(),
  roles,
  department,
  disabled,
});

const ACCOUNTS = [account('admin', ['admin']), account('review1', ['partner'], 'review-ops'), account('gone1', ['operator'], 'risk-ops', true)];

function signInAs(...roles: Role[]) {
  session.signIn({ accessToken: 't', expiresIn: 3600, user: { username: 'admin', displayName: 'Admin', roles, department: 'risk-ops' } });
}

type Call = [method: string, url: string, body: unknown];

/** Answers GET /api/users with ACCOUNTS and everything else with `write`. */
function serve(write: (method: string, url: string, body: unknown) => Response) {
  const calls: Call[] = [];
  const f = vi.fn(async (url: string, init: RequestInit) => {
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push([init.method!, url, body]);
    if (init.method === 'GET' && url.startsWith('/api/users')) return jsonResponse(200, { items: ACCOUNTS, total: 30, page: 1, pageSize: 25 });
    return write(init.method!, url, body);
  });
  configureClient({ getToken: () => 't', onUnauthorized: () => undefined, fetch: f as unknown as typeof fetch });
  return { calls, fetch: f };
}

describe('UsersPage', () => {
  afterEach(() => {
    configureClient({ getToken: () => null, onUnauthorized: () => undefined });
    session.signOut();
  });

  it('lists users with roles, department and status, and pages', async () => {
    signInAs('admin');
    const user = userEvent.setup();
    const { calls } = serve(() => jsonResponse(404, {}));
    renderWithApp(<UsersPage />);

    const rows = await screen.findAllByTestId('user-row');
    expect(rows.map((r) => r.getAttribute('data-username'))).toEqual(['admin', 'review1', 'gone1']);
    expect(within(rows[1]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['review1', 'REVIEW1', 'Partner', 'Review ops', 'Active', 'Edit review1']);
    expect(within(rows[2]!).getByText('Disabled')).toBeTruthy();
    expect(within(rows[1]!).getByRole('button', { name: 'Edit review1' })).toBeTruthy();
    expect(calls[0]).toEqual(['GET', '/api/users?page=1&pageSize=25', undefined]);

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(calls.at(-1)).toEqual(['GET', '/api/users?page=2&pageSize=25', undefined]));
  });

  it('creates a user with the right body and shows a 400 field error next to its field', async () => {
    signInAs('admin');
    const user = userEvent.setup();
    const { calls } = serve(() =>
      jsonResponse(400, { title: 'One or more validation errors occurred.', status: 400, errors: { DisplayName: ['Display name is taken.'] } }),
    );
    renderWithApp(<UsersPage />);
    await screen.findAllByTestId('user-row');
    const form = screen.getByTestId('create-user-form');

    await user.type(within(form).getByLabelText(/^Username/), 'ops2');
    await user.type(within(form).getByLabelText(/^Display name/), 'Ops Two');
    await user.type(within(form).getByLabelText(/^Password/), 'long-enough-1');
    await user.click(within(form).getByRole('checkbox', { name: 'Leader' }));
    await user.click(within(form).getByRole('checkbox', { name: 'Operator' }));
    await user.selectOptions(within(form).getByLabelText(/^Department/), 'legal');
    await user.click(within(form).getByRole('button', { name: 'Add user' }));

    await waitFor(() => expect(within(form).getByTestId('field-error-displayName').textContent).toBe('Display name is taken.'));
    const input = within(form).getByLabelText(/^Display name/);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby')!.split(' ').pop()!)!.textContent).toBe('Display name is taken.');
    expect(calls.at(-1)).toEqual([
      'POST',
      '/api/users',
      { username: 'ops2', displayName: 'Ops Two', password: 'long-enough-1', roles: ['operator', 'leader'], department: 'legal' },
    ]);
  });

  it('says so next to the username when it exists (409), and checks fields before sending', async () => {
    signInAs('admin');
    const user = userEvent.setup();
    const { calls } = serve(() => jsonResponse(409, { title: 'Conflict', detail: "User 'review1' already exists." }));
    renderWithApp(<UsersPage />);
    await screen.findAllByTestId('user-row');
    const form = screen.getByTestId('create-user-form');

    await user.click(within(form).getByRole('button', { name: 'Add user' }));
    expect(calls.filter(([m]) => m === 'POST')).toEqual([]);
    expect(within(form).getByTestId('field-error-roles').textContent).toBe('Choose at least one role.');
    expect(within(form).getByTestId('field-error-password').textContent).toBe('Required.');

    await user.type(within(form).getByLabelText(/^Username/), 'review1');
    await user.type(within(form).getByLabelText(/^Display name/), 'Again');
    await user.type(within(form).getByLabelText(/^Password/), 'long-enough-1');
    await user.click(within(form).getByRole('checkbox', { name: 'Partner' }));
    await user.selectOptions(within(form).getByLabelText(/^Department/), 'review-ops');
    await user.click(within(form).getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(within(form).getByTestId('field-error-username').textContent).toBe('A user named review1 already exists.'));
  });

  it('edits a user with a PUT of only the changed fields, then toasts and reloads', async () => {
    signInAs('admin');
    const user = userEvent.setup();
    const { calls } = serve((method) =>
      method === 'PUT' ? jsonResponse(200, { ...account('review1', ['partner', 'leader'], 'review-ops'), disabled: true }) : jsonResponse(404, {}),
    );
    renderWithApp(<UsersPage />);
    const row = (await screen.findAllByTestId('user-row'))[1]!;
    const edit = within(row).getByRole('button', { name: 'Edit review1' });
    await user.click(edit);
    expect(edit.getAttribute('aria-expanded')).toBe('true');

    const panel = screen.getByTestId('edit-user-form');
    expect(within(panel).getByLabelText(/^Display name/)).toBe(document.activeElement);
    // The sign-out warning is announced with roles, department and the disabled switch.
    const hint = 'Changing this signs the user out at once: their tokens stop working and their live connections close.';
    const describedBy = (el: HTMLElement) => el.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)!.textContent);
    expect(describedBy(within(panel).getByRole('group', { name: /Roles/ }))).toEqual([hint]);
    expect(describedBy(within(panel).getByLabelText(/^Department/))).toEqual([hint]);
    expect(describedBy(within(panel).getByLabelText(/^Disabled/))).toEqual([hint]);

    await user.click(within(panel).getByRole('checkbox', { name: 'Leader' }));
    await user.click(within(panel).getByLabelText(/^Disabled/));
    await user.click(within(panel).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.getByTestId('toast').textContent).toContain('User review1 saved.'));
    const puts = calls.filter(([m]) => m === 'PUT');
    expect(puts).toEqual([['PUT', '/api/users/review1', { roles: ['partner', 'leader'], disabled: true }]]);
    expect(calls.filter(([m]) => m === 'GET')).toHaveLength(2);
    expect(screen.queryByTestId('edit-user-form')).toBeNull();
    expect(document.activeElement).toBe(within(screen.getAllByTestId('user-row')[1]!).getByRole('button', { name: 'Edit review1' }));
  });

  it('shows the API field error in the edit panel', async () => {
    signInAs('admin');
    const user = userEvent.setup();
    serve(() => jsonResponse(400, { status: 400, errors: { roles: ['An admin cannot disable or demote themselves; ask another admin.'] } }));
    renderWithApp(<UsersPage />);
    await user.click(within((await screen.findAllByTestId('user-row'))[0]!).getByRole('button', { name: 'Edit admin' }));
    const panel = screen.getByTestId('edit-user-form');
    await user.click(within(panel).getByLabelText(/^Disabled/));
    await user.click(within(panel).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(panel).getByTestId('field-error-roles').textContent).toContain('cannot disable or demote'));
    expect(within(panel).getByRole('checkbox', { name: 'Admin' }).getAttribute('aria-invalid')).toBe('true');
  });

  it('tells a non-admin the page is not allowed and sends no request', () => {
    signInAs('operator', 'leader');
    const { fetch } = serve(() => jsonResponse(200, {}));
    renderWithApp(<UsersPage />);
    expect(screen.getByRole('alert').textContent).toBe('Your role cannot use this page.');
    expect(screen.queryByTestId('user-list')).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('renders Chinese labels', async () => {
    signInAs('admin');
    serve(() => jsonResponse(404, {}));
    renderWithApp(<UsersPage />, { lang: 'zh-CN' });
    await screen.findAllByTestId('user-row');
    expect(screen.getByRole('heading', { name: '用户管理' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '编辑 review1' })).toBeTruthy();
  });
});

describe('user helpers', () => {
  it('puts only what changed into the PUT body; an empty password keeps the old one', () => {
    const u = account('a', ['operator', 'leader'], 'risk-ops');
    expect(changesOf(u, { ...editValuesOf(u), roles: ['leader', 'operator'] })).toEqual({});
    expect(changesOf(u, { ...editValuesOf(u), displayName: ' New ', password: 'x'.repeat(12), department: 'legal' })).toEqual({
      displayName: 'New',
      password: 'x'.repeat(12),
      department: 'legal',
    });
  });

  it('checks a new user like the API does', () => {
    expect(checkNewUser({ ...EMPTY_CREATE, username: 'bad name', displayName: 'x', password: 'short', roles: ['operator'], department: 'legal' })).toEqual({
      username: { key: 'users.usernameFormat' },
      password: { key: 'validation.minLength', params: { min: 10 } },
    });
  });
});
