import type { AdminUser } from './admin-user'
import { UserRow } from './user-row'

interface UsersTableProps {
  readonly users: readonly AdminUser[]
  readonly selfId: string
  readonly busyId: string | null
  readonly onUpdate: (
    user: AdminUser,
    change: { role?: 'user' | 'admin'; disabled?: boolean },
  ) => void
  readonly onDelete: (user: AdminUser) => void
}

/** The accounts of one page. On narrow screens each row becomes a card. */
export function UsersTable({ users, selfId, busyId, onUpdate, onDelete }: UsersTableProps) {
  return (
    <div className="card table-card">
      <table className="table">
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Joined</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <UserRow
              key={user.id}
              user={user}
              isSelf={user.id === selfId}
              busy={busyId === user.id}
              onUpdate={(change) => onUpdate(user, change)}
              onDelete={() => onDelete(user)}
            />
          ))}
        </tbody>
      </table>
    </div>
  )
}
