import { Avatar } from '../../components/avatar'
import { formatDate } from '../../lib/format-date'
import type { AdminUser } from './admin-user'
import { UserStatus } from './user-status'

interface UserRowProps {
  readonly user: AdminUser
  readonly isSelf: boolean
  readonly busy: boolean
  readonly onUpdate: (change: { role?: 'user' | 'admin'; disabled?: boolean }) => void
  readonly onDelete: () => void
}

/** One account in the admin table, with its role, status and the actions on it. */
export function UserRow({ user, isSelf, busy, onUpdate, onDelete }: UserRowProps) {
  const locked = isSelf || user.deletedAt !== null || busy
  return (
    <tr>
      <td data-label="User">
        <span className="user-identity">
          <Avatar name={user.name} url={user.avatarUrl} />
          <span className="user-cell">
            <span className="user-name">
              {user.name}
              {isSelf && <span className="muted"> (you)</span>}
            </span>
            <span className="muted user-email">{user.email}</span>
          </span>
        </span>
      </td>
      <td data-label="Role">
        <select
          className="select"
          value={user.role}
          disabled={locked}
          aria-label={`Role of ${user.email}`}
          onChange={(e) => onUpdate({ role: e.target.value === 'admin' ? 'admin' : 'user' })}
        >
          <option value="user">User</option>
          <option value="admin">Admin</option>
        </select>
      </td>
      <td data-label="Status">
        <UserStatus user={user} />
      </td>
      <td data-label="Joined">
        <time dateTime={user.createdAt}>{formatDate(user.createdAt)}</time>
      </td>
      <td data-label="Actions" className="row-actions">
        <button
          type="button"
          className="btn btn-small"
          disabled={locked}
          aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.email}`}
          onClick={() => onUpdate({ disabled: !user.disabled })}
        >
          {user.disabled ? 'Enable' : 'Disable'}
        </button>
        <button
          type="button"
          className="btn btn-small btn-danger-text"
          disabled={locked}
          aria-label={`Delete ${user.email}`}
          onClick={onDelete}
        >
          Delete
        </button>
      </td>
    </tr>
  )
}
