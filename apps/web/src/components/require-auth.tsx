import type { ReactNode } from 'react'
import { Redirect, useLocation, useSearch, useSearchParams } from 'wouter'
import { type Me, useMe } from '../auth/me'
import { ErrorPanel } from './error-panel'
import { Loading } from './loading'

interface RequireAuthProps {
  readonly children: (user: Me) => ReactNode
}

/** Renders its children for a signed-in user; sends anyone else to sign in (and back after). */
export function RequireAuth({ children }: RequireAuthProps) {
  const me = useMe()
  const [location] = useLocation()
  const search = useSearch()
  if (me.isPending) return <FullPageLoading />
  if (me.isError) return <ErrorPanel error={me.error} onRetry={() => me.refetch()} />
  if (!me.data) {
    const next = encodeURIComponent(`${location}${search ? `?${search}` : ''}`)
    return <Redirect to={`/sign-in?next=${next}`} replace />
  }
  return children(me.data)
}

/** Renders its children only when signed out: a signed-in user goes to their notes. */
export function GuestOnly({ children }: { readonly children: ReactNode }) {
  const me = useMe()
  const [params] = useSearchParams()
  if (me.isPending) return <FullPageLoading />
  if (me.data) return <Redirect to={safeNext(params.get('next'))} replace />
  return children
}

/** Only paths inside this app: never `//elsewhere`, `/\\elsewhere` or `https://…`. */
export function safeNext(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/notes'
}

function FullPageLoading() {
  return (
    <div className="full-page-loading">
      <Loading />
    </div>
  )
}
