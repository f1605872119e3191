import { type ReactNode, useEffect, useId, useRef } from 'react'

interface DialogProps {
  readonly title: string
  readonly children: ReactNode
  /** Escape or the backdrop's close. Without it, the dialog can only be left by its buttons. */
  readonly onCancel?: () => void
  readonly className?: string
}

/**
 * A modal on the native `<dialog>`: the browser traps focus, makes the rest inert, and puts
 * focus back where it was on close. Mounted means open.
 */
export function Dialog({ title, children, onCancel, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    dialog.showModal()
    return () => dialog.close()
  }, [])

  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        onCancel?.()
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  )
}
