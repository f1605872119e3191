import type { ReactNode } from 'react'
import { Link, useRoute } from 'wouter'

interface NavLinkProps {
  readonly href: string
  readonly children: ReactNode
}

/** A header link that marks the section you are in (`aria-current="page"`). */
export function NavLink({ href, children }: NavLinkProps) {
  const [active] = useRoute(`${href}/*?`)
  return (
    <Link href={href} className="nav-link" aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  )
}
