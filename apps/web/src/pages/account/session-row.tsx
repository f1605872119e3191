import type { RouterOutputs } from '@inkwell/client'
import { formatDateTime, formatRelative } from '../../lib/format-date'
import { describeDevice } from './describe-device'

type Session = RouterOutputs['users']['sessions'][number]

interface SessionRowProps {
  readonly session: Session
  readonly revoking: boolean
  readonly onRevoke: (id: string) => void
}

/** One signed-in device: what, where from, when last seen, and a way to end it. */
export function SessionRow({ session, revoking, onRevoke }: SessionRowProps) {
  const device = describeDevice(session.userAgent)
  return (
    <li className="list-row">
      <div className="list-row-main">
        <span className="list-row-title">
          {device}
          {session.current && <span className="badge badge-info">This device</span>}
        </span>
        <span className="muted">
          {session.ip ?? 'Unknown address'} · active{' '}
          <time dateTime={session.lastSeenAt} title={formatDateTime(session.lastSeenAt)}>
            {formatRelative(session.lastSeenAt)}
          </time>{' '}
          · signed in {formatDateTime(session.createdAt)}
        </span>
      </div>
      {!session.current && (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => onRevoke(session.id)}
          disabled={revoking}
          aria-label={`Sign out ${device}, signed in ${formatDateTime(session.createdAt)}`}
        >
          Sign out
        </button>
      )}
    </li>
  )
}
