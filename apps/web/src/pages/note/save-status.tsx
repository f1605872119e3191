import { errorMessage } from '@inkwell/client'
import { formatDateTime } from '../../lib/format-date'
import type { SaveState } from './use-autosave'

interface SaveStatusProps {
  readonly state: SaveState
  readonly onRetry: () => void
}

/** Where the edits stand: saved, unsaved, saving, or why not. Announced politely. */
export function SaveStatus({ state, onRetry }: SaveStatusProps) {
  return (
    <div className={`save-status save-${state.kind}`} role="status" aria-live="polite">
      <span className="save-dot" aria-hidden="true" />
      <span className="save-text">{describe(state)}</span>
      {state.kind === 'failed' && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  )
}

function describe(state: SaveState): string {
  switch (state.kind) {
    case 'saved':
      return 'Saved'
    case 'unsaved':
      return 'Unsaved changes'
    case 'saving':
      return 'Saving…'
    case 'invalid':
      return state.message
    case 'failed':
      return `Not saved. ${errorMessage(state.error)}`
    case 'conflict':
      return 'Changed elsewhere'
  }
}

export function savedTitle(state: SaveState): string | undefined {
  return state.kind === 'saved' ? `Saved ${formatDateTime(state.at)}` : undefined
}
