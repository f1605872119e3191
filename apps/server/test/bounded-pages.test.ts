import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppEnv } from '../src/types'
import {
  createTestApp,
  mutate,
  query,
  type Reply,
  type SignedUp,
  signUp,
  type TestApp,
} from './helpers'

const MIB = 1024 * 1024
const NOTES = 24
// 100,000 control characters: 100 KB in the database, 600 KB of JSON ("\u0001" each).
const HEAVY = '\u0001'.repeat(100_000)

let t: TestApp
let app: Hono<AppEnv>
let user: SignedUp
let created: string[]
const auth = () => ({ authorization: `Bearer ${user.token}` })

beforeAll(async () => {
  t = await createTestApp()
  app = t.app
  user = await signUp(app)
  created = []
  for (let i = 0; i < NOTES; i++) {
    const r = await mutate(app, 'notes.create', { title: `heavy ${i}`, content: HEAVY }, auth())
    expect(r.status).toBe(200)
    created.push(r.body.result.data.id)
  }
}, 120_000)
afterAll(() => t?.close())

/** The answer's size on the wire. */
function bytesOf(r: Reply): number {
  return Buffer.byteLength(JSON.stringify(r.body), 'utf8')
}

describe('no page answers more than 4 MiB of JSON', () => {
  it('notes.changes stops early with hasMore, and the cursor goes on without a loss or a repeat', async () => {
    const seen: string[] = []
    let since: string | undefined
    let pages = 0
    for (;;) {
      const r = await query(
        app,
        'notes.changes',
        { limit: 500, ...(since ? { since } : {}) },
        auth(),
      )
      expect(r.status).toBe(200)
      expect(bytesOf(r)).toBeLessThanOrEqual(4 * MIB)
      const page = r.body.result.data
      seen.push(...page.changes.map((note: { id: string }) => note.id))
      since = page.cursor
      pages++
      if (!page.hasMore) break
      expect(page.changes.length).toBeGreaterThan(0)
    }
    // 24 notes of 600 KB each: at least four pages, every note exactly once, in order.
    expect(pages).toBeGreaterThanOrEqual(4)
    expect(seen).toEqual(created)
  })

  it('notes.list stops early with a nextCursor, and the pages add up to every note', async () => {
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    for (;;) {
      const r = await query(
        app,
        'notes.list',
        { limit: 100, ...(cursor ? { cursor } : {}) },
        auth(),
      )
      expect(r.status).toBe(200)
      expect(bytesOf(r)).toBeLessThanOrEqual(4 * MIB)
      const page = r.body.result.data
      seen.push(...page.items.map((note: { id: string }) => note.id))
      pages++
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    expect(pages).toBeGreaterThanOrEqual(4)
    expect(seen.toSorted()).toEqual(created.toSorted())
  })

  it('a page of small notes is not cut', async () => {
    const other = await signUp(app)
    for (let i = 0; i < 30; i++) {
      await mutate(
        app,
        'notes.create',
        { title: `small ${i}` },
        { authorization: `Bearer ${other.token}` },
      )
    }
    const r = await query(
      app,
      'notes.list',
      { limit: 100 },
      { authorization: `Bearer ${other.token}` },
    )
    expect(r.body.result.data.items).toHaveLength(30)
    expect(r.body.result.data.nextCursor).toBeNull()
  })
})
