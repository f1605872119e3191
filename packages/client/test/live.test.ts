import { createTestHarness, type TestHarness } from '@inkwell/api/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appCodeOf, createClient, type InkwellClient } from '../src'
import { type Served, serveHarness, until } from './support'

// Two instances of the API on one database (and one Redis, or PostgreSQL's LISTEN/NOTIFY when
// there is no Redis), each behind its own real HTTP server, as behind a load balancer.
const clustered = Boolean(process.env.TEST_REDIS_URL || process.env.TEST_DATABASE_URL)

let a: TestHarness
let b: TestHarness
let httpA: Served
let httpB: Served

beforeAll(async () => {
  a = await createTestHarness({ cluster: true, live: { perUser: 3, recheckMs: 300 } })
  // On PGlite there is a single process: the "other" instance is the same one.
  b = clustered ? await a.sibling() : a
  httpA = await serveHarness(a)
  httpB = clustered ? await serveHarness(b) : httpA
})

afterAll(async () => {
  await httpA?.close()
  if (clustered) await httpB?.close()
  if (clustered) await b?.close()
  await a?.close()
})

interface Watch {
  /** The ids of the events received, oldest first. */
  readonly ids: string[]
  readonly errors: unknown[]
  stop(): void
}

function watch(client: InkwellClient, lastEventId?: string): Watch {
  const ids: string[] = []
  const errors: unknown[] = []
  const sub = client.notes.onChange.subscribe(lastEventId ? { lastEventId } : undefined, {
    onData: (event) => ids.push(event.id),
    onError: (error) => errors.push(error),
  })
  return { ids, errors, stop: () => sub.unsubscribe() }
}

let users = 0
async function signUp(url: string): Promise<{ token: string; client: InkwellClient }> {
  const { session } = await createClient({ url }).auth.register.mutate({
    email: `live-${++users}-${crypto.randomUUID().slice(0, 8)}@example.com`,
    password: 'a long passphrase',
    name: 'Live',
  })
  return { token: session.token, client: createClient({ url, token: session.token }) }
}

const quiet = () => new Promise((resolve) => setTimeout(resolve, 300))

describe('notes.onChange', () => {
  it('tells a stream open on one instance about an edit made through the other', async () => {
    const { token } = await signUp(httpA.url)
    const onA = createClient({ url: httpA.url, token })
    const onB = createClient({ url: httpB.url, token })
    const live = watch(onB)
    // The first event comes at once: where the feed stands, to resume from.
    await until(() => live.ids.length === 1)

    const note = await onA.notes.create.mutate({ title: 'From A', content: '', tags: [] })
    await until(() => live.ids.length === 2)

    await onA.notes.update.mutate({ id: note.id, version: 1, content: 'edited' })
    await until(() => live.ids.length === 3)
    await onA.notes.delete.mutate({ id: note.id })
    await until(() => live.ids.length === 4)
    await onA.notes.restore.mutate({ id: note.id })
    await until(() => live.ids.length === 5)
    await onA.notes.delete.mutate({ id: note.id })
    await until(() => live.ids.length === 6)
    await onA.notes.purge.mutate({ id: note.id })
    await until(() => live.ids.length === 7)
    await onA.notes.create
      .mutate({ title: 'Trash me', content: '', tags: [] })
      .then((n) => onA.notes.delete.mutate({ id: n.id }))
    await until(() => live.ids.length === 9)
    await onA.notes.emptyTrash.mutate()
    await until(() => live.ids.length === 10)
    expect(live.errors).toEqual([])

    // The client pulls what changed; the purge shows as a purged id.
    const { purged } = await onB.notes.changes.query({})
    expect(purged).toContain(note.id)
    live.stop()
  })

  it("does not tell another user's stream", async () => {
    const ada = await signUp(httpA.url)
    const bob = await signUp(httpB.url)
    const live = watch(createClient({ url: httpB.url, token: bob.token }))
    await until(() => live.ids.length === 1)
    await ada.client.notes.create.mutate({ title: 'Private', content: '', tags: [] })
    await quiet()
    await bob.client.notes.create.mutate({ title: 'Mine', content: '', tags: [] })
    await until(() => live.ids.length === 2)
    await quiet()
    expect(live.ids).toHaveLength(2)
    live.stop()
  })

  it('resumes from lastEventId: one event at once only if something changed since', async () => {
    const { client } = await signUp(httpA.url)
    const first = watch(client)
    await until(() => first.ids.length === 1)
    const seen = first.ids[0]!
    first.stop()

    // Nothing changed since: no event until something does.
    const unchanged = watch(client, seen)
    await quiet()
    expect(unchanged.ids).toEqual([])
    unchanged.stop()

    await client.notes.create.mutate({ title: 'While away', content: '', tags: [] })
    const resumed = watch(client, seen)
    await until(() => resumed.ids.length === 1)
    resumed.stop()

    // A cursor from someone else (or garbage) is no position in this feed: start over.
    const junk = watch(client, 'c1.not-a-cursor')
    await until(() => junk.ids.length === 1)
    junk.stop()
  })

  it('reconnects after a dropped connection, sending the last event id', async () => {
    const { token } = await signUp(httpB.url)
    const onA = createClient({ url: httpA.url, token })
    const live = watch(createClient({ url: httpB.url, token }))
    await until(() => live.ids.length === 1)
    const before = b.deps.live.size

    // Cut every connection of instance B, as a network blip or a proxy would.
    httpB.server.closeAllConnections()
    await until(() => b.deps.live.size < before)
    await until(() => b.deps.live.size === before, 10_000)
    // Resumed with the id it had: nothing changed, so no event was sent again.
    await quiet()
    expect(live.ids).toHaveLength(1)

    await onA.notes.create.mutate({ title: 'After the blip', content: '', tags: [] })
    await until(() => live.ids.length === 2)
    expect(live.errors).toEqual([])
    live.stop()
  })

  it('ends the stream with NOT_AUTHENTICATED when its session is revoked on another instance', async () => {
    const { token } = await signUp(httpB.url)
    const live = watch(createClient({ url: httpB.url, token }))
    await until(() => live.ids.length === 1)

    await createClient({ url: httpA.url, token }).auth.logout.mutate()
    await until(() => live.errors.length === 1)
    expect(appCodeOf(live.errors[0])).toBe('NOT_AUTHENTICATED')
  })

  it('ends an API token stream once the token is revoked', async () => {
    const { client } = await signUp(httpA.url)
    const { token, apiToken } = await client.tokens.create.mutate({ name: 'live', scope: 'read' })
    const live = watch(createClient({ url: httpB.url, token }))
    await until(() => live.ids.length === 1)

    await client.tokens.revoke.mutate({ id: apiToken.id })
    // Not broadcast: the stream finds out at its next recheck (300 ms here).
    await until(() => live.errors.length === 1)
    expect(appCodeOf(live.errors[0])).toBe('NOT_AUTHENTICATED')
  })

  it('refuses a stream beyond the per-user cap with 429 TOO_MANY_STREAMS', async () => {
    const { client } = await signUp(httpA.url)
    const open = [watch(client), watch(client), watch(client)]
    await until(() => open.every((w) => w.ids.length === 1))

    const over = watch(client)
    await until(() => over.errors.length === 1)
    expect(appCodeOf(over.errors[0])).toBe('TOO_MANY_STREAMS')
    expect((over.errors[0] as { data?: { httpStatus?: number } }).data?.httpStatus).toBe(429)

    // Closing one frees its place.
    const size = a.deps.live.size
    open[0]!.stop()
    await until(() => a.deps.live.size === size - 1)
    const again = watch(client)
    await until(() => again.ids.length === 1)
    expect(again.errors).toEqual([])
    for (const w of [...open, again]) w.stop()
  })
})
