import { errorMessage, type RouterOutputs } from '@inkwell/client'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert } from '../../components/alert'
import { ErrorPanel } from '../../components/error-panel'
import { Loading } from '../../components/loading'
import { useTRPC } from '../../lib/trpc'
import { SessionRow } from './session-row'

type Session = RouterOutputs['users']['sessions'][number]

/** This device first, then the most recently active. */
function currentFirst(a: Session, b: Session): number {
  if (a.current !== b.current) return a.current ? -1 : 1
  return b.lastSeenAt.localeCompare(a.lastSeenAt)
}

/** Every device signed in to this account, with sign-out for each or for all the others. */
export function SessionsSection() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const sessions = useQuery(trpc.users.sessions.queryOptions())
  const refresh = () => queryClient.invalidateQueries(trpc.users.sessions.pathFilter())
  const revoke = useMutation(trpc.users.revokeSession.mutationOptions({ onSettled: refresh }))
  const revokeOthers = useMutation(
    trpc.users.revokeOtherSessions.mutationOptions({ onSettled: refresh }),
  )
  const others = sessions.data?.filter((s) => !s.current).length ?? 0
  const error = revoke.error ?? revokeOthers.error

  return (
    <section className="card section" aria-labelledby="sessions-title">
      <div className="section-header">
        <h2 id="sessions-title" className="section-title">
          Signed-in devices
        </h2>
        {others > 0 && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => revokeOthers.mutate()}
            disabled={revokeOthers.isPending}
          >
            Sign out all others
          </button>
        )}
      </div>
      <Alert>{error ? errorMessage(error) : null}</Alert>
      {sessions.isPending ? (
        <Loading label="Loading sessions…" />
      ) : sessions.isError ? (
        <ErrorPanel error={sessions.error} onRetry={() => sessions.refetch()} />
      ) : (
        <ul className="list" aria-label="Sessions">
          {[...sessions.data].sort(currentFirst).map((session) => (
            <SessionRow
              key={session.id}
              session={session}
              revoking={revoke.isPending && revoke.variables?.id === session.id}
              onRevoke={(id) => revoke.mutate({ id })}
            />
          ))}
        </ul>
      )}
    </section>
  )
}
