import { type ReactNode, useState } from 'react'
import { ConfirmDialog } from './confirm-dialog'

interface ConfirmButtonProps {
  /** The button's label, and the confirm button's. */
  readonly label: string
  /** The confirm button's label while the action runs, e.g. "Deleting…". */
  readonly busyLabel: string
  /** The dialog's question. */
  readonly title: string
  /** What will happen, in the dialog. */
  readonly children: ReactNode
  readonly busy: boolean
  /** Runs the action; the dialog closes when it settles. */
  readonly onConfirm: () => Promise<unknown>
}

/** A destructive action behind "Are you sure?": the button opens the dialog, which runs it. */
export function ConfirmButton(props: ConfirmButtonProps) {
  const { label, busyLabel, title, children, busy, onConfirm } = props
  const [confirming, setConfirming] = useState(false)
  return (
    <>
      <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)}>
        {label}
      </button>
      {confirming && (
        <ConfirmDialog
          title={title}
          confirmLabel={busy ? busyLabel : label}
          danger
          busy={busy}
          onConfirm={() => void onConfirm().finally(() => setConfirming(false))}
          onCancel={() => setConfirming(false)}
        >
          {children}
        </ConfirmDialog>
      )}
    </>
  )
}
