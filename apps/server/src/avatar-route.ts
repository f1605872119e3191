import { type ApiDeps, readAvatar } from '@inkwell/api'
import type { Context } from 'hono'
import { errorEnvelope } from './error-envelope'
import { IMMUTABLE_CACHE } from './static-app'
import type { AppEnv } from './types'

/**
 * `GET /avatars/<hash>.webp`: an avatar image from the database, so every instance serves
 * every one. Its name is the hash of its bytes, so it is cached for a year and never
 * revalidated; an unknown or malformed name is a 404.
 *
 * @example
 * app.get('/avatars/:file', avatarRoute(deps))
 */
export function avatarRoute(deps: Pick<ApiDeps, 'db'>) {
  return async (c: Context<AppEnv, '/avatars/:file'>) => {
    const bytes = await readAvatar(deps, c.req.param('file'))
    if (!bytes) return c.json(errorEnvelope(404, 'NOT_FOUND', 'No such avatar'), 404)
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'image/webp',
      'cache-control': IMMUTABLE_CACHE,
      'x-content-type-options': 'nosniff',
    })
  }
}
