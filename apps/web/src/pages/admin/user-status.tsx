import type { AdminUser } from './admin-user'

/** Active, disabled or deleted, as a badge. */
export function UserStatus({ user }: { readonly user: AdminUser }) {
  if (user.deletedAt) return <span className="badge badge-muted">Deleted</span>
  if (user.disabled) return <span className="badge badge-danger">Disabled</span>
  return <span className="badge badge-success">Active</span>
}
