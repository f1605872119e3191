import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { LiveStream } from '../src/live/live-streams'
import { purgeExpired } from '../src/maintenance'
import { createTestHarness, type TestHarness } from '../src/testing'
import { signUp } from './helpers'

// Every note writer tells the owner's open streams, the hourly purge included.
let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness()
})
afterAll(() => h?.close())

/** True when the stream is woken by a change within a second. */
async function woken(stream: LiveStream): Promise<boolean> {
  const signal = AbortSignal.timeout(1_000)
  return (await stream.next(signal, 60_000)) === 'change'
}

it('wakes the streams of every owner whose old trash the hourly purge deletes, and only them', async () => {
  const ada = await signUp(h)
  const bob = await signUp(h)
  const notes = h.caller({ token: ada.token }).notes
  const old = await notes.create({ title: 'Old', content: '' })
  await notes.delete({ id: old.id })
  await h.db.kysely
    .updateTable('notes')
    .set({ deleted_at: sql<Date>`now() - interval '31 days'` })
    .where('id', '=', old.id)
    .execute()

  const adas = h.deps.live.open(ada.id, null)
  const bobs = h.deps.live.open(bob.id, null)
  await purgeExpired(h.deps)
  expect(await woken(adas)).toBe(true)
  expect(await woken(bobs)).toBe(false)
  adas.close()
  bobs.close()
})

it('stays quiet for writes that change nothing (emptying an empty trash, trashing twice)', async () => {
  const ada = await signUp(h)
  const notes = h.caller({ token: ada.token }).notes
  const note = await notes.create({ title: 'Once', content: '' })
  await notes.delete({ id: note.id })
  const stream = h.deps.live.open(ada.id, null)
  await notes.delete({ id: note.id })
  await notes.emptyTrash()
  expect(await woken(stream)).toBe(true) // the emptying
  await notes.emptyTrash()
  expect(await woken(stream)).toBe(false)
  stream.close()
})

it('streams notes.onChange events through the router, across instances when there are several', async () => {
  const clustered = await createTestHarness({ cluster: true })
  const other =
    process.env.TEST_REDIS_URL || process.env.TEST_DATABASE_URL
      ? await clustered.sibling()
      : clustered
  try {
    const ada = await signUp(clustered)
    const events = await other.caller({ token: ada.token }).notes.onChange({})
    const iterator = events[Symbol.asyncIterator]()
    const first = await iterator.next()
    // A tracked event: [id, data]; the id is the cursor the data carries.
    const [seen, data] = first.value as unknown as [string, { cursor: string }]
    expect(seen).toMatch(/^c2\./)
    expect(data).toEqual({ cursor: seen })

    await clustered.caller({ token: ada.token }).notes.create({ title: 'Across', content: '' })
    const second = await iterator.next()
    expect(second.done).toBe(false)
    await iterator.return?.()

    // Resuming from the last id with nothing new: no event until the next change.
    const resumed = (
      await other.caller({ token: ada.token }).notes.onChange({ lastEventId: seen })
    )[Symbol.asyncIterator]()
    const next = resumed.next()
    await clustered.caller({ token: ada.token }).notes.create({ title: 'Later', content: '' })
    expect((await next).done).toBe(false)
    await resumed.return?.()
  } finally {
    if (other !== clustered) await other.close()
    await clustered.close()
  }
})

it.runIf(process.env.TEST_DATABASE_URL)(
  'sends an event whose change can be pulled at once, while a transaction of someone else stays open',
  async () => {
    const ada = await signUp(h)
    const notes = h.caller({ token: ada.token }).notes
    const iterator = (await notes.onChange({}))[Symbol.asyncIterator]()
    const [start] = (await iterator.next()).value as unknown as [string, unknown]

    // Any transaction that has taken an id and keeps running: the feed used to wait for it.
    let release = () => {}
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    let holding = () => {}
    const held = new Promise<void>((resolve) => {
      holding = resolve
    })
    const blocker = h.db.kysely.connection().execute(async (conn) => {
      await sql`begin`.execute(conn)
      await sql`select pg_current_xact_id()`.execute(conn)
      holding()
      await released
      await sql`commit`.execute(conn)
    })
    try {
      await held
      await notes.create({ title: 'Not held back', content: '' })
      const [cursor] = (await iterator.next()).value as unknown as [string, unknown]
      expect(cursor).not.toBe(start)
      const pulled = await notes.changes({ since: start })
      expect(pulled.changes.map((n) => n.title)).toEqual(['Not held back'])
      expect(pulled.cursor).toBe(cursor)
      expect((await notes.changes({ since: cursor })).changes).toEqual([])
    } finally {
      release()
      await blocker
      await iterator.return?.()
    }
  },
)
