import { type ReactNode, useEffect, useRef } from 'react'
import { Link, useLocation } from 'wouter'
import type { Me } from '../auth/me'
import { useSignOut } from '../auth/session'
import { useLiveNotes } from '../lib/use-live-notes'
import { Avatar } from './avatar'
import { Brand } from './brand'
import { NavLink } from './nav-link'

interface AppShellProps {
  readonly user: Me
  readonly children: ReactNode
}

/** The signed-in frame: header with navigation and sign-out, and the page below; notes kept live. */
export function AppShell({ user, children }: AppShellProps) {
  const signOut = useSignOut()
  useLiveNotes()
  const main = useMainFocusOnNavigation()
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="header">
        <div className="header-inner">
          <Link href="/notes" className="brand-link" aria-label="Inkwell, your notes">
            <Brand />
          </Link>
          <nav className="nav" aria-label="Main">
            <NavLink href="/notes">Notes</NavLink>
            <NavLink href="/trash">Trash</NavLink>
            <NavLink href="/account">Account</NavLink>
            {user.role === 'admin' && <NavLink href="/admin">Admin</NavLink>}
          </nav>
          <div className="header-user">
            <Avatar name={user.name} url={user.avatarUrl} />
            <span className="header-name" title={user.email}>
              {user.name}
            </span>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              onClick={() => signOut.mutate()}
              disabled={signOut.isPending}
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="main">
        {children}
      </main>
    </div>
  )
}

/** After moving to another page, keyboard and screen-reader users start at its content. */
function useMainFocusOnNavigation() {
  const ref = useRef<HTMLElement>(null)
  const [location] = useLocation()
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    if (location) ref.current?.focus({ preventScroll: true })
  }, [location])
  return ref
}
