import { errorMessage } from '@inkwell/client'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { Me } from '../../auth/me'
import { Alert } from '../../components/alert'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { EmptyState } from '../../components/empty-state'
import { ErrorPanel } from '../../components/error-panel'
import { Loading } from '../../components/loading'
import { PageHeader } from '../../components/page-header'
import { SearchBox } from '../../components/search-box'
import { useTRPC } from '../../lib/trpc'
import type { AdminUser } from './admin-user'
import { Pager } from './pager'
import { useCursorPages } from './use-cursor-pages'
import { UsersTable } from './users-table'

const PAGE_SIZE = 20

/** Admins only: every account, searchable, with role, disable and delete. */
export function AdminUsersPage({ user: me }: { readonly user: Me }) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [search, setSearch] = useState('')
  const pages = useCursorPages()
  const [deleting, setDeleting] = useState<AdminUser | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const users = useQuery(
    trpc.admin.users.list.queryOptions(
      {
        limit: PAGE_SIZE,
        ...(search.trim() ? { search: search.trim() } : {}),
        ...(pages.cursor ? { cursor: pages.cursor } : {}),
      },
      { placeholderData: keepPreviousData },
    ),
  )
  const refresh = () => queryClient.invalidateQueries(trpc.admin.users.list.pathFilter())
  const update = useMutation(
    trpc.admin.users.update.mutationOptions({
      onSuccess: (user) => setNotice(`${user.email} updated.`),
      onSettled: refresh,
    }),
  )
  const remove = useMutation(
    trpc.admin.users.delete.mutationOptions({
      onSuccess: () => {
        setNotice(`${deleting?.email ?? 'The user'} deleted.`)
        setDeleting(null)
      },
      onSettled: refresh,
    }),
  )
  const error = update.error ?? remove.error
  const busyId = update.isPending ? (update.variables?.id ?? null) : null

  return (
    <>
      <PageHeader
        title="Users"
        description="Every account. Disabling or deleting one signs it out everywhere."
      />
      <div className="toolbar">
        <SearchBox
          label="Search by name or email"
          value={search}
          onSearch={(value) => {
            setSearch(value)
            pages.reset()
          }}
        />
      </div>
      <Alert tone="success">{notice}</Alert>
      <Alert>{error ? errorMessage(error) : null}</Alert>
      {users.isPending ? (
        <Loading label="Loading users…" />
      ) : users.isError ? (
        <ErrorPanel error={users.error} onRetry={() => users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <EmptyState title={search ? 'No users match' : 'No users yet'} />
      ) : (
        <>
          <UsersTable
            users={users.data.items}
            selfId={me.id}
            busyId={busyId}
            onUpdate={(user, change) => {
              setNotice(null)
              update.mutate({ id: user.id, ...change })
            }}
            onDelete={(user) => {
              setNotice(null)
              remove.reset()
              setDeleting(user)
            }}
          />
          <Pager
            page={pages.page}
            hasPrevious={pages.hasPrevious}
            hasNext={users.data.nextCursor !== null}
            onPrevious={pages.previous}
            onNext={() => users.data.nextCursor && pages.next(users.data.nextCursor)}
          />
        </>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel={remove.isPending ? 'Deleting…' : 'Delete user'}
          danger
          busy={remove.isPending}
          onConfirm={() => remove.mutate({ id: deleting.id })}
          onCancel={() => setDeleting(null)}
        >
          <p>
            {deleting.email} is signed out everywhere and can no longer sign in. The address stays
            taken.
          </p>
        </ConfirmDialog>
      )}
    </>
  )
}
