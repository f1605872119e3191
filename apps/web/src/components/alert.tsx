import type { ReactNode } from 'react'

interface AlertProps {
  readonly children?: ReactNode
  readonly tone?: 'error' | 'success' | 'info'
}

/**
 * A live region that is always in the page, so a message put in it is announced.
 * Empty, it takes no space.
 */
export function Alert({ children, tone = 'error' }: AlertProps) {
  return (
    <div
      className={`alert alert-${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      aria-live={tone === 'error' ? 'assertive' : 'polite'}
    >
      {children}
    </div>
  )
}
