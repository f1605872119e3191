import type { AppCode } from '@inkwell/api'
import { appCodeOf } from './error-data'

const messages: Partial<Record<AppCode, string>> = {
  VALIDATION_FAILED: 'Some fields need another look.',
  EMAIL_TAKEN: 'An account with this email already exists. Sign in instead?',
  INVALID_CREDENTIALS: 'That email and password do not match an account.',
  WRONG_PASSWORD: 'Your current password is not right.',
  INVALID_TOKEN: 'This link has expired or was already used. Ask for a new one.',
  NOT_AUTHENTICATED: 'Your session has ended. Sign in again.',
  FORBIDDEN: 'You do not have access to this.',
  CSRF_REJECTED: 'The request was refused for safety. Reload the page and try again.',
  CANNOT_CHANGE_SELF: 'You cannot demote, disable or delete your own account.',
  NOTE_NOT_FOUND: 'This note does not exist, or it is not yours.',
  USER_NOT_FOUND: 'This user no longer exists.',
  SESSION_NOT_FOUND: 'That session has already ended.',
  NOT_FOUND: 'Not found.',
  VERSION_CONFLICT: 'This note was changed somewhere else.',
  RATE_LIMITED: 'Too many attempts. Wait a little and try again.',
  SERVICE_BUSY: 'Inkwell is busy. Try again in a moment.',
  PAYLOAD_TOO_LARGE: 'That is too large to save.',
  UNSUPPORTED_FILE: 'That file is not a picture we can use. Choose a PNG, JPEG, WebP or GIF.',
  INVALID_CURSOR: 'The list changed. Reload the page.',
  INTERNAL_ERROR: 'Something went wrong on our side. Try again in a moment.',
}

const OFFLINE = 'Inkwell cannot be reached. Check your connection and try again.'
const UNKNOWN = 'Something went wrong. Try again.'

/**
 * The one place that turns an error into words for people, shared by every app. It goes by
 * the server's stable `appCode`, never by the raw message, so wording stays ours and
 * consistent; an error with no app code (no answer from the server) reads as offline.
 *
 * @example
 * catch (e) { setError(errorMessage(e)) } // 'That email and password do not match an account.'
 */
export function errorMessage(error: unknown): string {
  const code = appCodeOf(error)
  if (code === null) return OFFLINE
  return messages[code] ?? UNKNOWN
}
