import type { Database, UserRow } from '@inkwell/db'
import type { Kysely, Transaction } from 'kysely'
import { AppError } from '../../app-error'
import { AVATAR_MAX_BYTES, type EncodedAvatar } from '../../images/avatar-encoder'
import type { ApiDeps } from '../../wiring/api-deps'

/** `<sha256 hex>.webp`: the only names `GET /avatars/<file>` serves. */
const AVATAR_FILE = /^([0-9a-f]{64})\.webp$/

/**
 * Refuses an upload past 10 a minute per account, before its body is read: each one costs a
 * decode.
 */
export function assertUploadAllowed(deps: ApiDeps, userId: string): Promise<void> {
  return deps.rateLimiter.consume({ key: `avatar:user:${userId}`, max: 10, windowMs: 60_000 })
}

/**
 * Makes `file` the caller's avatar: judged by its bytes, re-encoded (256x256 WebP, no
 * metadata), stored once per distinct image, and the image it replaces dropped when no one
 * else uses it. 413 `PAYLOAD_TOO_LARGE` above 5 MiB; 400 `UNSUPPORTED_FILE` for anything that
 * is not a PNG, JPEG, WebP or GIF the server can read.
 */
export async function uploadAvatar(deps: ApiDeps, userId: string, file: Blob): Promise<UserRow> {
  if (file.size > AVATAR_MAX_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', 'The image is larger than 5 MiB')
  }
  const avatar = await deps.avatarEncoder.encode(new Uint8Array(await file.arrayBuffer()))
  const user = await deps.db.transaction().execute(async (trx) => {
    const previous = await lockUser(trx, userId)
    // Avatar rows are locked in hash order, so two accounts swapping images cannot deadlock.
    if (previous !== null && previous < avatar.hash) await lockAvatar(trx, previous)
    await keepAvatar(trx, avatar)
    if (previous !== null && previous > avatar.hash) await lockAvatar(trx, previous)
    const updated = await setAvatar(trx, userId, avatar.hash)
    if (previous !== null && previous !== avatar.hash) await dropIfUnused(trx, previous)
    return updated
  })
  deps.sessions.forgetUser(userId)
  return user
}

/** Removes the caller's avatar (`avatarUrl` back to null); the image goes if no one uses it. */
export async function deleteAvatar(deps: ApiDeps, userId: string): Promise<UserRow> {
  const user = await deps.db.transaction().execute(async (trx) => {
    const previous = await lockUser(trx, userId)
    if (previous !== null) await lockAvatar(trx, previous)
    const updated = await setAvatar(trx, userId, null)
    if (previous !== null) await dropIfUnused(trx, previous)
    return updated
  })
  deps.sessions.forgetUser(userId)
  return user
}

/**
 * Drops the avatar of an account being deleted, inside the deleting transaction (which has
 * locked the user's row already): `avatarUrl` goes back to null and the image goes if no one
 * else uses it, so a deleted account's picture stops being served.
 */
export async function forgetAvatar(trx: Transaction<Database>, userId: string): Promise<void> {
  const row = await trx
    .selectFrom('users')
    .select('avatar_hash')
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirst()
  const previous = row?.avatar_hash ?? null
  if (previous === null) return
  await lockAvatar(trx, previous)
  await setAvatar(trx, userId, null)
  await dropIfUnused(trx, previous)
}

/**
 * The bytes of the avatar named `fileName` (`<hash>.webp`, as in an `avatarUrl`), or null when
 * the name is malformed or no such image is stored.
 *
 * @example
 * const bytes = await readAvatar(deps, 'e3b0c442…b855.webp')
 */
export async function readAvatar(
  deps: Pick<ApiDeps, 'db'>,
  fileName: string,
): Promise<Uint8Array | null> {
  const hash = AVATAR_FILE.exec(fileName)?.[1]
  if (!hash) return null
  const row = await deps.db
    .selectFrom('avatars')
    .select('bytes')
    .where('hash', '=', hash)
    .executeTakeFirst()
  return row?.bytes ?? null
}

type Db = Kysely<Database> | Transaction<Database>

/** Locks the live user's row and returns its current avatar hash. */
async function lockUser(trx: Db, userId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('users')
    .select('avatar_hash')
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_AUTHENTICATED', 'The account is gone')
  return row.avatar_hash
}

/**
 * Stores the image if it is new, and locks its row either way (the no-op update), so a
 * concurrent `dropIfUnused` of the same image waits for this transaction and then sees the
 * new reference.
 */
async function keepAvatar(trx: Db, avatar: EncodedAvatar): Promise<void> {
  await trx
    .insertInto('avatars')
    .values({ hash: avatar.hash, bytes: avatar.bytes })
    .onConflict((oc) => oc.column('hash').doUpdateSet((eb) => ({ hash: eb.ref('excluded.hash') })))
    .execute()
}

/** Locks an image's row ahead of `dropIfUnused`. */
async function lockAvatar(trx: Db, hash: string): Promise<void> {
  await trx.selectFrom('avatars').select('hash').where('hash', '=', hash).forUpdate().execute()
}

async function setAvatar(trx: Db, userId: string, hash: string | null): Promise<UserRow> {
  return trx
    .updateTable('users')
    .set((eb) => ({ avatar_hash: hash, updated_at: eb.fn('now') }))
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * Deletes an image no user points at any more. The caller holds its row lock (`lockAvatar`),
 * and whoever adds a reference takes that lock first (`keepAvatar`), so the check below sees
 * every reference there will be; the foreign key backs it up.
 */
async function dropIfUnused(trx: Db, hash: string): Promise<void> {
  await trx
    .deleteFrom('avatars')
    .where('hash', '=', hash)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('users').select('users.id').where('users.avatar_hash', '=', hash)),
      ),
    )
    .execute()
}
