import type { ReactNode } from 'react'
import { Link } from 'wouter'
import { usePageTitle } from '../lib/use-page-title'
import { Brand } from './brand'

interface AuthLayoutProps {
  readonly title: string
  readonly intro?: ReactNode
  readonly children: ReactNode
  readonly footer?: ReactNode
}

/** The signed-out frame: a centred card under the brand. */
export function AuthLayout({ title, intro, children, footer }: AuthLayoutProps) {
  usePageTitle(title)
  return (
    <div className="auth-page">
      <main id="main" className="auth-main">
        <Link href="/" className="auth-brand" aria-label="Inkwell home">
          <Brand />
        </Link>
        <section className="card auth-card" aria-labelledby="auth-title">
          <h1 id="auth-title" className="auth-title">
            {title}
          </h1>
          {intro && <div className="auth-intro">{intro}</div>}
          {children}
        </section>
        {footer && <div className="auth-footer">{footer}</div>}
      </main>
    </div>
  )
}
