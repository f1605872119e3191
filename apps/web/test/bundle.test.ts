import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DIST_DIR } from './support/paths'

// Server-only packages, and our own server-side workspace packages.
const SERVER_MODULE =
  /node_modules\/(\.pnpm\/)?(@[^/]+\+)?(kysely|pg|pg-[\w-]+|pgpass|@node-rs\+argon2|argon2|@electric-sql\+pglite|ioredis|nodemailer|smtp-server|pino|hono|@hono\+[\w-]+|zod)[@/]|packages\/(api|db|auth|mail|jobs)\/|apps\/server\//
// What their code leaves in a bundle, whatever the module ids say.
const SERVER_TEXT =
  /kysely|argon2|pglite|pg-protocol|pg-pool|pgpass|node-postgres|pg-boss|ioredis|nodemailer/i

describe('the built web app', () => {
  const modules = JSON.parse(
    readFileSync(join(DIST_DIR, '.vite', 'modules.json'), 'utf8'),
  ) as string[]
  const scripts = readdirSync(join(DIST_DIR, 'assets')).filter((file) => file.endsWith('.js'))

  it('bundles the client and React, and no server module', () => {
    expect(modules.some((id) => id.includes('packages/client/src/'))).toBe(true)
    expect(modules.some((id) => /node_modules\/.*react-dom/.test(id))).toBe(true)
    expect(modules.filter((id) => SERVER_MODULE.test(id))).toEqual([])
  })

  it('contains no trace of kysely, pg or argon2 in its scripts', () => {
    expect(scripts.length).toBeGreaterThan(0)
    for (const file of scripts) {
      const text = readFileSync(join(DIST_DIR, 'assets', file), 'utf8')
      expect(text.match(SERVER_TEXT)?.[0], file).toBeUndefined()
    }
  })
})
