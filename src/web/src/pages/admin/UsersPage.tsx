import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { isProvincialRole, ROLES, type Role } from '../../../../core/roles';
import { ApiError } from '../../api/client';
import { listProvinces } from '../../api/geo';
import { useApi } from '../../api/useApi';
import { changeUserRole, createUser, listUsers, setUserDisabled, type UserAccount } from '../../api/users';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { t, type MessageKey } from '../../i18n';
import { usePageTitle } from '../../pageTitle';
import { useSession } from '../../session';

// User accounts: the list, a new account, a new role or province, disabling and enabling (administrators).

export function roleLabel(role: string): string {
  return (ROLES as readonly string[]).includes(role) ? t(`role.${role}` as MessageKey) : role;
}

const MIN_PASSWORD = 12;

interface Draft {
  email: string;
  name: string;
  role: Role;
  province: string;
  password: string;
}

const EMPTY: Draft = { email: '', name: '', role: 'analyst', province: '', password: '' };
const FIELDS = ['email', 'name', 'role', 'province', 'password'] as const;

/** A form field's id and error attributes, and its error text, from the errors by field. */
function fieldErrors(id: string, errors: ReadonlyMap<string, string>) {
  return {
    describe: (field: string) => ({
      id: `${id}-${field}`,
      'aria-invalid': errors.has(field) ? true : undefined,
      'aria-describedby': errors.has(field) ? `${id}-${field}-error` : undefined,
    }),
    errorText: (field: string) =>
      errors.has(field) ? (
        <p className="field-error" id={`${id}-${field}-error`}>
          {errors.get(field)}
        </p>
      ) : null,
  };
}

function AddUser({ onAdded }: { onAdded: (user: UserAccount) => void }) {
  const id = useId();
  const provinces = useApi('provinces', (signal) => listProvinces(signal));
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const provincial = isProvincialRole(draft.role);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = new Map<string, string>();
    if (!/^[^\s@]+@[^\s@]+$/.test(draft.email.trim())) found.set('email', t('users.problem.email'));
    if (draft.name.trim() === '') found.set('name', t('users.problem.name'));
    if (provincial && !draft.province) found.set('province', t('users.problem.province'));
    if (draft.password.length < MIN_PASSWORD) found.set('password', t('users.problem.password', { min: MIN_PASSWORD }));
    setErrors(found);
    setProblem(null);
    if (found.size > 0) return;
    setBusy(true);
    try {
      const user = await createUser({
        email: draft.email.trim(),
        name: draft.name.trim(),
        role: draft.role,
        province: provincial ? draft.province : null,
        password: draft.password,
      });
      setDraft(EMPTY);
      onAdded(user);
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) {
        setErrors(new Map(error.fields.map((f) => [f.field, f.message])));
      } else {
        setProblem(t('users.addFailed', { message: error instanceof Error ? error.message : String(error) }));
      }
    } finally {
      setBusy(false);
    }
  };

  const { describe, errorText } = fieldErrors(id, errors);
  const unplaced = [...errors].filter(([field]) => !(FIELDS as readonly string[]).includes(field));

  return (
    <section className="entry-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('users.addTitle')}</h2>
      <form className="user-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('users.email')}</label>
          <input type="email" autoComplete="off" value={draft.email} onChange={(e) => set('email', e.target.value)} {...describe('email')} />
          {errorText('email')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('users.name')}</label>
          <input type="text" autoComplete="off" value={draft.name} onChange={(e) => set('name', e.target.value)} {...describe('name')} />
          {errorText('name')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('users.role')}</label>
          <select value={draft.role} onChange={(e) => set('role', e.target.value as Role)} {...describe('role')}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
          {errorText('role')}
        </div>
        {provincial && (
          <div className="field">
            <label htmlFor={`${id}-province`}>{t('users.province')}</label>
            <select value={draft.province} onChange={(e) => set('province', e.target.value)} {...describe('province')}>
              <option value="">{t('users.chooseProvince')}</option>
              {(provinces.latest ?? []).map((p) => (
                <option key={p.pcode} value={p.pcode}>
                  {p.name}
                </option>
              ))}
            </select>
            {errorText('province')}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('users.password')}</label>
          <input type="password" autoComplete="new-password" value={draft.password} onChange={(e) => set('password', e.target.value)} {...describe('password')} />
          <p className="field-hint">{t('users.passwordHint', { min: MIN_PASSWORD })}</p>
          {errorText('password')}
        </div>
        <div className="entry-actions field-wide">
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('users.add')}
          </button>
        </div>
      </form>
      {(problem || unplaced.length > 0) && (
        <div className="notice notice-error" role="alert">
          {problem && <p>{problem}</p>}
          {unplaced.map(([field, message]) => (
            <p key={field}>
              {field}: {message}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}

interface Province {
  pcode: string;
  name: string;
}

/** The new role (and province, for the provincial roles) of one account, opened from its row. */
function RoleEditor({
  user,
  provinces,
  provinceName,
  onSaved,
  onClose,
}: {
  user: UserAccount;
  provinces: Province[];
  provinceName: (pcode: string) => string;
  onSaved: (message: string) => void;
  onClose: () => void;
}) {
  const id = useId();
  const [role, setRole] = useState<Role>(user.role);
  const [province, setProvince] = useState(user.province ?? '');
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const roleSelect = useRef<HTMLSelectElement>(null);
  const provincial = isProvincialRole(role);
  useEffect(() => roleSelect.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (provincial && !province) {
      setErrors(new Map([['province', t('users.problem.province')]]));
      return;
    }
    setErrors(new Map());
    setBusy(true);
    try {
      const changed = await changeUserRole(user.id, role, provincial ? province : null);
      const label = changed.province ? t('users.roleInProvince', { role: roleLabel(changed.role), province: provinceName(changed.province) }) : roleLabel(changed.role);
      onSaved(t('users.roleChanged', { email: changed.email, role: label }));
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields.filter((f) => f.field === 'role' || f.field === 'province') : [];
      if (fields.length > 0) setErrors(new Map(fields.map((f) => [f.field, f.message])));
      else setProblem(t('users.roleFailed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  };

  const { describe, errorText } = fieldErrors(id, errors);

  return (
    <form
      className="inline-form role-form"
      aria-label={t('users.changeRole', { email: user.email })}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
      noValidate
    >
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('users.newRole')}</label>
        <select ref={roleSelect} value={role} onChange={(e) => setRole(e.target.value as Role)} {...describe('role')}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
        {errorText('role')}
      </div>
      {provincial && (
        <div className="field">
          <label htmlFor={`${id}-province`}>{t('users.province')}</label>
          <select value={province} onChange={(e) => setProvince(e.target.value)} {...describe('province')}>
            <option value="">{t('users.chooseProvince')}</option>
            {provinces.map((p) => (
              <option key={p.pcode} value={p.pcode}>
                {p.name}
              </option>
            ))}
          </select>
          {errorText('province')}
        </div>
      )}
      <div className="entry-actions">
        <button type="submit" className="button button-primary button-small" disabled={busy}>
          {t('users.saveRole')}
        </button>
        <button type="button" className="button button-small" onClick={onClose}>
          {t('users.cancelRole')}
        </button>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

function UserRow({
  user,
  self,
  provinces,
  provinceName,
  onChanged,
}: {
  user: UserAccount;
  self: boolean;
  provinces: Province[];
  provinceName: (pcode: string) => string;
  onChanged: (message: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const editorId = useId();
  const toggle = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const changed = await setUserDisabled(user.id, !user.disabled);
      onChanged(t(changed.disabled ? 'users.disabledDone' : 'users.enabledDone', { email: changed.email }));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  const closeEditor = () => {
    setEditing(false);
    // Back to the button that opened it, so keyboard users keep their place.
    requestAnimationFrame(() => editButton.current?.focus());
  };
  return (
    <>
      <tr data-email={user.email}>
        <th scope="row" data-label={t('users.email')}>
          {user.email}
        </th>
        <td data-label={t('users.name')}>{user.name}</td>
        <td data-label={t('users.role')}>{roleLabel(user.role)}</td>
        <td data-label={t('users.province')}>{user.province ? provinceName(user.province) : '—'}</td>
        <td data-label={t('users.status')}>{user.disabled ? t('users.statusDisabled') : t('users.statusActive')}</td>
        <td data-label={t('users.created')}>{user.created_at.slice(0, 10)}</td>
        <td data-label={t('users.actions')}>
          {self ? (
            <span className="cell-note">{t('users.you')}</span>
          ) : (
            <span className="row-actions">
              <button
                type="button"
                className="button button-small"
                disabled={busy}
                onClick={() => void toggle()}
                aria-label={user.disabled ? t('users.enable', { email: user.email }) : t('users.disable', { email: user.email })}
              >
                {user.disabled ? t('users.enableButton') : t('users.disableButton')}
              </button>{' '}
              <button
                ref={editButton}
                type="button"
                className="button button-small"
                aria-expanded={editing}
                aria-controls={editing ? editorId : undefined}
                aria-label={t('users.changeRole', { email: user.email })}
                onClick={() => (editing ? closeEditor() : setEditing(true))}
              >
                {t('users.changeRoleButton')}
              </button>
            </span>
          )}
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
        </td>
      </tr>
      {editing && (
        <tr className="role-editor" data-editing={user.email}>
          <td colSpan={7} id={editorId}>
            <RoleEditor
              user={user}
              provinces={provinces}
              provinceName={provinceName}
              onClose={closeEditor}
              onSaved={(message) => {
                setEditing(false);
                onChanged(message);
              }}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function Users() {
  const id = useId();
  const { user: me } = useSession();
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const { result, latest, retry } = useApi(`users:${version}`, (signal) => listUsers(signal));
  const provinces = useApi('provinces', (signal) => listProvinces(signal)).latest;
  const names = new Map((provinces ?? []).map((p) => [p.pcode, p.name]));
  const users = result.state === 'ready' ? result.data : latest;
  const changed = (text: string) => {
    setMessage(text);
    setVersion((v) => v + 1);
  };
  return (
    <>
      <AddUser onAdded={(u) => changed(t('users.added', { email: u.email, role: roleLabel(u.role) }))} />
      <section aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{t('users.listTitle')}</h2>
        {message && (
          <p className="notice notice-success" role="status">
            {message}
          </p>
        )}
        {result.state === 'error' && <LoadError message={t('users.loadFailed', { message: result.error.message })} onRetry={retry} />}
        {!users && result.state === 'loading' && <Loading message={t('users.loading')} />}
        {users && (
          <table className="stack-table users-table">
            <caption className="visually-hidden">{t('users.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.province')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">{t('users.created')}</th>
                <th scope="col">{t('users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <UserRow
                  key={u.id}
                  user={u}
                  self={u.id === me?.id}
                  provinces={provinces ?? []}
                  provinceName={(pcode) => names.get(pcode) ?? pcode}
                  onChanged={changed}
                />
              ))}
            </tbody>
          </table>
        )}
        <p className="field-hint">{t('users.roleNote')}</p>
      </section>
    </>
  );
}

export function UsersPage() {
  usePageTitle(t('users.title'));
  return (
    <div className="admin-page">
      <h1>{t('users.title')}</h1>
      <p className="intro">{t('users.intro')}</p>
      <Users />
    </div>
  );
}
