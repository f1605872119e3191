import { createClient, type InkwellClient } from '@inkwell/client'
import type { ListeningServer } from '@inkwell/client/testing'
import {
  createMemoryStore,
  createSyncEngine,
  type LocalStore,
  type Note,
  type SyncEngine,
  type SyncEngineOptions,
} from '../src'

export { useListeningServer } from '@inkwell/client/testing'

/**
 * The network between a device and the server, at the fetch layer: `offline` fails every
 * request before it leaves (as a dropped connection does), `loseResponseOf(path)` lets the next
 * such request reach the server and then fails it as if the answer never came back.
 */
export interface Network {
  readonly fetch: typeof fetch
  offline: boolean
  /** Requests whose URL contains this are failed before they leave, even when online. */
  blocked: string | null
  loseResponseOf(path: string): void
  /**
   * Holds the answer of the next request whose URL contains `path` once the server has sent
   * it: `reached` resolves then, and `release()` lets the answer through.
   */
  hold(path: string): { reached: Promise<void>; release: () => void }
  /** Requests sent so far whose URL contains `path`. */
  sent(path: string): number
}

export function createNetwork(): Network {
  const lose: string[] = []
  const holds: { path: string; reached: () => void; gate: Promise<void> }[] = []
  const urls: string[] = []
  const network: Network = {
    offline: false,
    blocked: null,
    loseResponseOf: (path) => lose.push(path),
    hold: (path) => {
      let reached = () => {}
      let release = () => {}
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      const whenReached = new Promise<void>((resolve) => {
        reached = resolve
      })
      holds.push({ path, reached, gate })
      return { reached: whenReached, release }
    },
    sent: (path) => urls.filter((url) => url.includes(path)).length,
    fetch: async (input, init) => {
      const url = input instanceof Request ? input.url : String(input)
      if (network.offline || (network.blocked && url.includes(network.blocked))) {
        throw new TypeError('fetch failed')
      }
      urls.push(url)
      const response = await globalThis.fetch(input, init)
      const held = holds.findIndex((h) => url.includes(h.path))
      if (held >= 0) {
        const [h] = holds.splice(held, 1)
        h?.reached()
        await h?.gate
      }
      const lost = lose.findIndex((path) => url.includes(path))
      if (lost >= 0) {
        lose.splice(lost, 1)
        await response.arrayBuffer()
        throw new TypeError('fetch failed')
      }
      return response
    },
  }
  return network
}

let accounts = 0

/** Registers a fresh user over HTTP and returns a bearer session token. */
export async function signUp(server: ListeningServer): Promise<string> {
  accounts++
  const issued = await createClient({ url: server.url() }).auth.register.mutate({
    email: `sync-${accounts}-${crypto.randomUUID().slice(0, 8)}@example.com`,
    password: 'correct horse battery staple',
    name: `Device owner ${accounts}`,
  })
  return issued.session.token
}

export interface Device {
  readonly engine: SyncEngine
  readonly store: LocalStore
  readonly network: Network
  /** A client of the same user that bypasses the device's network: the server's truth. */
  readonly server: InkwellClient
}

/** A device of the user behind `token`: its own store, network and engine. */
export function device(
  server: ListeningServer,
  token: string,
  options: Partial<SyncEngineOptions> & { store?: LocalStore } = {},
): Device {
  const network = createNetwork()
  const store = options.store ?? createMemoryStore()
  const client = createClient({ url: server.url(), token, fetch: network.fetch })
  const engine = createSyncEngine({ client, store, ...options })
  return { engine, store, network, server: createClient({ url: server.url(), token }) }
}

/**
 * Syncs until `done` holds for the local notes: a sync that started before a write, or ran
 * into a server error, may need another.
 */
export async function syncUntil(
  d: Pick<Device, 'engine' | 'store'>,
  done: (notes: Note[]) => boolean,
): Promise<Note[]> {
  const deadline = Date.now() + 10_000
  for (;;) {
    await d.engine.sync()
    const notes = await d.store.listNotes()
    if (done(notes)) return notes
    if (Date.now() > deadline) throw new Error(`not synced in time: ${JSON.stringify(notes)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Every note of the user on the server, trashed ones included. */
export async function serverNotes(client: InkwellClient): Promise<Note[]> {
  const live = await client.notes.list.query({ limit: 100 })
  const trashed = await client.notes.list.query({ limit: 100, trashed: true })
  return [...live.items, ...trashed.items]
}
