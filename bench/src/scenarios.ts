import { type BenchUser, type Fixture, TAGS } from './seed'

/** One HTTP request as a load connection sends it. */
export interface RequestSpec {
  readonly method: 'GET' | 'POST'
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
}

/** What one load connection sends next, and what it learns from each answer. */
export interface Connection {
  next(): RequestSpec
  onResponse?(status: number, body: string): void
}

export interface Scenario {
  /** The procedure(s) exercised, as the report names them. */
  readonly name: string
  /** Connections, when not the run's default. */
  readonly connections?: number
  /** Non-2xx statuses that are an expected outcome here, counted apart from errors. */
  readonly expectedStatuses?: readonly number[]
  /** A connection's request source; `index` is the connection's number within the run. */
  connect(index: number): Connection
}

const PARAGRAPH =
  'Bench note written under load. It carries a few sentences of ordinary text so that the ' +
  'search vector, the row and the response have a realistic size: meetings, groceries, a ' +
  'book to finish, a train to catch, the garden to water before the weekend is over. '

const listInput = encodeURIComponent(JSON.stringify({ limit: 20 }))
const changesInput = encodeURIComponent(JSON.stringify({ limit: 50 }))
const batchInput = encodeURIComponent(JSON.stringify({ 0: null, 1: { limit: 20 }, 2: null }))

const bearer = (user: BenchUser) => ({ authorization: `Bearer ${user.token}` })
const json = (user: BenchUser) => ({ ...bearer(user), 'content-type': 'application/json' })

/** Round-robin over every seeded user, so no single session or page stays hot. */
function rotation(fixture: Fixture): () => BenchUser {
  let turn = 0
  return () => fixture.users[turn++ % fixture.users.length]!
}

/** A stateless scenario: every connection draws from one shared rotation of users. */
function rotating(
  name: string,
  fixture: Fixture,
  request: (user: BenchUser, turn: number) => RequestSpec,
): Scenario {
  const nextUser = rotation(fixture)
  let turn = 0
  return { name, connect: () => ({ next: () => request(nextUser(), turn++) }) }
}

export const requests = {
  me: (user: BenchUser): RequestSpec => ({
    method: 'GET',
    path: '/trpc/users.me',
    headers: bearer(user),
  }),
  list: (user: BenchUser): RequestSpec => ({
    method: 'GET',
    path: `/trpc/notes.list?input=${listInput}`,
    headers: bearer(user),
  }),
  get: (user: BenchUser, turn: number): RequestSpec => ({
    method: 'GET',
    path: `/trpc/notes.get?input=${encodeURIComponent(JSON.stringify({ id: user.noteIds[turn % user.noteIds.length] }))}`,
    headers: bearer(user),
  }),
  /** notes.list on the REST face: the same page of 20, as a non-TypeScript consumer asks. */
  restList: (user: BenchUser): RequestSpec => ({
    method: 'GET',
    path: '/api/v1/notes?limit=20',
    headers: bearer(user),
  }),
  /** A first sync pull: every note of the user (50), as an offline client asks for it. */
  changes: (user: BenchUser): RequestSpec => ({
    method: 'GET',
    path: `/trpc/notes.changes?input=${changesInput}`,
    headers: bearer(user),
  }),
  batch: (user: BenchUser): RequestSpec => ({
    method: 'GET',
    path: `/trpc/users.me,notes.list,notes.tags?batch=1&input=${batchInput}`,
    headers: bearer(user),
  }),
  create: (user: BenchUser, turn: number): RequestSpec => ({
    method: 'POST',
    path: '/trpc/notes.create',
    headers: json(user),
    body: JSON.stringify({
      title: `Bench note ${turn}`,
      content: PARAGRAPH.repeat(2),
      tags: ['bench', TAGS[turn % TAGS.length]],
    }),
  }),
  login: (user: BenchUser, password: string): RequestSpec => ({
    method: 'POST',
    path: '/trpc/auth.login',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password }),
  }),
}

/**
 * Edits of one note per connection (connection i edits a note of user i), each sent with the
 * version the previous answer returned, so a correct server never answers 409. A request still
 * in flight when a run stops may be applied unseen, so each new run of the same connection
 * number moves on to another, untouched note of its user instead of guessing that note's version.
 */
function updates(fixture: Fixture): { connect(index: number): Connection } {
  const runs = new Map<number, number>()
  return {
    connect(index) {
      const user = fixture.users[index % fixture.users.length]!
      const run = runs.get(index) ?? 0
      runs.set(index, run + 1)
      const id = user.noteIds[user.noteIds.length - 1 - (run % user.noteIds.length)]!
      let version = 1
      let edit = 0
      return {
        next: () => ({
          method: 'POST',
          path: '/trpc/notes.update',
          headers: json(user),
          body: JSON.stringify({
            id,
            version,
            content: `Edit ${++edit}. ${PARAGRAPH}${PARAGRAPH}`,
          }),
        }),
        onResponse(status, body) {
          const next = status === 200 ? /"version":(\d+)/.exec(body)?.[1] : undefined
          if (next) version = Number(next)
        },
      }
    },
  }
}

/** The scenarios of a run, by name, over the seeded fixture. */
export function createScenarios(fixture: Fixture, loginConnections: number) {
  const nextLogin = rotation(fixture)
  return {
    me: rotating('users.me', fixture, requests.me),
    list: rotating('notes.list', fixture, requests.list),
    get: rotating('notes.get', fixture, requests.get),
    restList: rotating('GET /api/v1/notes', fixture, requests.restList),
    changes: rotating('notes.changes', fixture, requests.changes),
    batch: rotating('batch (me + list + tags)', fixture, requests.batch),
    create: rotating('notes.create', fixture, requests.create),
    update: { name: 'notes.update', expectedStatuses: [409], ...updates(fixture) },
    login: {
      name: 'auth.login',
      connections: loginConnections,
      connect: () => ({ next: () => requests.login(nextLogin(), fixture.password) }),
    },
  } satisfies Record<string, Scenario>
}

/**
 * Mixed traffic for the soak: per 100 requests of a connection, 30 `users.me`, 25 `notes.list`,
 * 20 `notes.get`, 10 batches, 7 creates, 7 updates and 1 login.
 */
export function mixedScenario(fixture: Fixture): Scenario {
  const plan = [
    ...Array<'me'>(30).fill('me'),
    ...Array<'list'>(25).fill('list'),
    ...Array<'get'>(20).fill('get'),
    ...Array<'batch'>(10).fill('batch'),
    ...Array<'create'>(7).fill('create'),
    ...Array<'update'>(7).fill('update'),
    'login' as const,
  ]
  // Spread each kind over the cycle instead of running it in blocks.
  const cycle = plan
    .map((kind, i) => ({ kind, key: (i * 37) % plan.length }))
    .sort((a, b) => a.key - b.key)
  const nextUser = rotation(fixture)
  const edits = updates(fixture)
  let turn = 0
  return {
    name: 'mixed',
    expectedStatuses: [409],
    connect(index) {
      const editor = edits.connect(index)
      let step = index
      let last: string | undefined
      return {
        next() {
          const kind = cycle[step++ % cycle.length]!.kind
          last = kind
          if (kind === 'update') return editor.next()
          const user = nextUser()
          if (kind === 'login') return requests.login(user, fixture.password)
          return requests[kind](user, turn++)
        },
        onResponse(status, body) {
          if (last === 'update') editor.onResponse?.(status, body)
        },
      }
    },
  }
}
