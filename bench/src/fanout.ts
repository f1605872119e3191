import type { ChildServer } from './child-server'
import { log } from './progress'
import type { BenchUser, Fixture } from './seed'
import { Samples } from './stats'

/** What the SSE fan-out scenario measured. */
export interface FanoutResult {
  /** Streams asked for, and those that were open (had their first event) when writes began. */
  readonly streams: number
  readonly opened: number
  /** Writes made on the other instance, and how many of them reached their stream in time. */
  readonly writes: number
  readonly received: number
  /** From sending a write on one instance to its event on the other, ms. */
  readonly p50: number
  readonly p99: number
  readonly max: number
  /** The listening instance's resident memory before the streams opened and with them open. */
  readonly rssBeforeMiB: number
  readonly rssOpenMiB: number
}

export interface FanoutSettings {
  readonly streams: number
  readonly writes: number
  /** Writes per second, paced. */
  readonly rate: number
}

const onChangeInput = encodeURIComponent(JSON.stringify({}))
/** How long an event may take before its write counts as not received. */
const EVENT_TIMEOUT_MS = 5000

/**
 * `notes.onChange` across instances: `streams` streams open on `listener` (one per user, as
 * many browsers would hold), then paced `notes.create` calls on `writer`, each for a user with
 * an open stream; the latency is from sending the write to that user's event on `listener`
 * (through Redis pub/sub, as in production).
 */
export async function runFanout(
  listener: ChildServer,
  writer: ChildServer,
  fixture: Fixture,
  settings: FanoutSettings,
): Promise<FanoutResult> {
  const rssBeforeMiB = listener.rssMiB()
  const abort = new AbortController()
  const users = fixture.users.slice(0, Math.min(settings.streams, fixture.users.length))
  const waiting = new Map<string, number>() // user id -> when its write was sent
  const latencies = new Samples()
  let opened = 0
  const ready: Promise<void>[] = []
  for (let i = 0; i < settings.streams; i++) {
    const user = users[i % users.length]!
    ready.push(
      openStream(listener.url, user, abort.signal, () => {
        const sent = waiting.get(user.id)
        if (sent === undefined) return
        waiting.delete(user.id)
        latencies.add(performance.now() - sent)
      }).then(
        () => {
          opened++
        },
        () => {},
      ),
    )
  }
  await Promise.race([Promise.all(ready), new Promise((resolve) => setTimeout(resolve, 30_000))])
  const rssOpenMiB = listener.rssMiB()
  log(`fan-out: ${opened} of ${settings.streams} streams open; writing ${settings.writes} notes`)

  let received = 0
  for (let i = 0; i < settings.writes; i++) {
    const user = users[i % users.length]!
    waiting.set(user.id, performance.now())
    const res = await fetch(`${writer.url}/trpc/notes.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Fan-out ${i}`, content: 'written on another instance' }),
    })
    await res.arrayBuffer()
    await new Promise((resolve) => setTimeout(resolve, 1000 / settings.rate))
  }
  const deadline = performance.now() + EVENT_TIMEOUT_MS
  while (waiting.size > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  received = latencies.length
  abort.abort()
  await Promise.allSettled(ready)
  return {
    streams: settings.streams,
    opened,
    writes: settings.writes,
    received,
    p50: latencies.quantile(0.5),
    p99: latencies.quantile(0.99),
    max: latencies.quantile(1),
    rssBeforeMiB,
    rssOpenMiB,
  }
}

/**
 * Opens one `notes.onChange` stream as a client without tRPC would: a GET that reads
 * server-sent events. Resolves once the stream's first event (where the feed stands) has come,
 * then calls `onEvent` for every later one until `signal` aborts.
 */
function openStream(
  url: string,
  user: BenchUser,
  signal: AbortSignal,
  onEvent: () => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let first = true
    const read = async () => {
      const res = await fetch(`${url}/trpc/notes.onChange?input=${onChangeInput}`, {
        headers: { authorization: `Bearer ${user.token}`, accept: 'text/event-stream' },
        signal,
      })
      if (!res.ok || !res.body) throw new Error(`notes.onChange: HTTP ${res.status}`)
      const decoder = new TextDecoder()
      let buffer = ''
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true })
        let end = buffer.indexOf('\n\n')
        while (end >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          end = buffer.indexOf('\n\n')
          // A data event has an id and no event name; `connected` and `ping` have names.
          const lines = block.split('\n')
          if (lines.some((line) => line.startsWith('event:'))) continue
          if (!lines.some((line) => line.startsWith('data:'))) continue
          if (first) {
            first = false
            resolve()
          } else onEvent()
        }
      }
    }
    read().catch((error: unknown) => {
      if (first) reject(error)
    })
  })
}
