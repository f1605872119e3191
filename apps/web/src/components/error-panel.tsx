import { errorMessage } from '@inkwell/client'

interface ErrorPanelProps {
  readonly error: unknown
  readonly onRetry?: () => void
}

/** A failed load: what went wrong, in our words, and a way to try again. */
export function ErrorPanel({ error, onRetry }: ErrorPanelProps) {
  return (
    <div className="error-panel" role="alert">
      <p>{errorMessage(error)}</p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  )
}
