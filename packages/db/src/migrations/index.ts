import type { Migration } from 'kysely'
import * as accounts from './0001-accounts'
import * as notes from './0002-notes'
import * as apiTokens from './0003-api-tokens'
import * as noteTombstones from './0004-note-tombstones'
import * as avatars from './0005-avatars'
import * as noteFeedOrder from './0006-note-feed-order'

/**
 * Every migration, in order. Listed statically (not read from disk) so the bundled server
 * carries them. Names sort in the order they must run.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-accounts': accounts,
  '0002-notes': notes,
  '0003-api-tokens': apiTokens,
  '0004-note-tombstones': noteTombstones,
  '0005-avatars': avatars,
  '0006-note-feed-order': noteFeedOrder,
}
