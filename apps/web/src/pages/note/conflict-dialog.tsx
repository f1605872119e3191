import { Dialog } from '../../components/dialog'
import { formatDateTime } from '../../lib/format-date'
import type { Draft, Note } from './draft'

interface ConflictDialogProps {
  readonly theirs: Note
  readonly mine: Draft
  readonly onResolve: (choice: 'theirs' | 'mine') => void
}

/**
 * Someone (another tab, another device) saved this note while you were editing it. Both
 * versions side by side; nothing is overwritten until you choose.
 */
export function ConflictDialog({ theirs, mine, onResolve }: ConflictDialogProps) {
  return (
    <Dialog title="This note was changed elsewhere" className="conflict-dialog">
      <p className="dialog-body">
        It was saved somewhere else on {formatDateTime(theirs.updatedAt)}, while you were editing it
        here. Choose the version to keep; the other one is replaced.
      </p>
      <div className="conflict-versions">
        <Version heading="Their version" draft={theirs} />
        <Version heading="Your version" draft={mine} />
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => onResolve('theirs')}>
          Take theirs
        </button>
        <button type="button" className="btn btn-primary" onClick={() => onResolve('mine')}>
          Keep mine
        </button>
      </div>
    </Dialog>
  )
}

function Version({ heading, draft }: { readonly heading: string; readonly draft: Draft }) {
  return (
    <section className="conflict-version" aria-label={heading}>
      <h3 className="conflict-heading">{heading}</h3>
      <p className="conflict-title">{draft.title || <em>No title</em>}</p>
      {draft.tags.length > 0 && (
        <p className="tag-list">
          {draft.tags.map((tag) => (
            <span key={tag} className="tag">
              #{tag}
            </span>
          ))}
        </p>
      )}
      <pre className="conflict-content">{draft.content || 'No text'}</pre>
    </section>
  )
}
