import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BODY_LIMIT_BYTES } from '../src/app'
import {
  createTestApp,
  type Listening,
  listen,
  type Reply,
  reply,
  type SignedUp,
  signUp,
  type TestApp,
} from './helpers'

// Validation must cost no more than the input is worth: a body of junk up to the 1 MiB limit
// is answered at once, with a bounded error, and the server keeps answering everyone else.

let t: TestApp
let server: Listening
let ada: SignedUp
beforeAll(async () => {
  t = await createTestApp()
  server = await listen(t.app)
  ada = await signUp(t.app)
})
afterAll(async () => {
  await server?.close()
  await t?.close()
})

/** `{"title":"t","tags":["","",…]}`: as many empty tags as fit in `bytes`. */
function emptyTagsBody(bytes: number): string {
  const frame = '{"title":"t","tags":[]}'
  const count = Math.floor((bytes - frame.length) / 3)
  return `{"title":"t","tags":[${Array<string>(count).fill('""').join(',')}]}`
}

async function post(path: string, body: string): Promise<Reply> {
  return reply(
    await server.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ada.token}` },
      body,
    }),
  )
}

/** The longest the event loop was blocked while `work` ran, in milliseconds. */
async function longestBlockMs(work: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  try {
    await work()
  } finally {
    histogram.disable()
  }
  return histogram.max / 1e6
}

describe('a body of junk up to the limit', () => {
  it('1 MiB of empty tags: 400 with one message, without stalling the event loop', async () => {
    const body = emptyTagsBody(BODY_LIMIT_BYTES - 1024)
    expect(body.length).toBeGreaterThan(1000 * 1000)
    let answer: Reply | undefined
    const blockedMs = await longestBlockMs(async () => {
      answer = await post('/trpc/notes.create', body)
    })
    expect(answer?.status).toBe(400)
    expect(answer?.body.error.data).toMatchObject({
      appCode: 'VALIDATION_FAILED',
      fieldErrors: { tags: ['At most 20 tags'] },
    })
    // Generous: the answer takes milliseconds; before the length check it took minutes.
    expect(blockedMs).toBeLessThan(500)
  })

  it('/healthz answers while such a request is being handled', async () => {
    const junk = post('/trpc/notes.create', emptyTagsBody(BODY_LIMIT_BYTES - 1024))
    const health = await server.request('/healthz')
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    expect((await junk).status).toBe(400)
  })

  it('a batch of ten junk calls: every answer is bounded, at most 10 messages a field', async () => {
    const calls = Array.from({ length: 10 }, (_, i) => [
      String(i),
      // Items within the length, each one bad: every one is read, and each field stays short.
      i % 2 === 0
        ? { title: '', tags: Array.from({ length: 20 }, () => 'x'.repeat(40)) }
        : { title: 't', tags: Array<string>(30_000).fill('') },
    ])
    const body = JSON.stringify(Object.fromEntries(calls))
    expect(body.length).toBeLessThan(BODY_LIMIT_BYTES)
    const path = `/trpc/${Array(10).fill('notes.create').join(',')}?batch=1`
    const { status, body: answers } = await post(path, body)
    expect(status).toBe(400)
    expect(answers).toHaveLength(10)
    for (const answer of answers as { error: { data: { fieldErrors: object } } }[]) {
      const { fieldErrors } = answer.error.data
      for (const messages of Object.values(fieldErrors) as string[][]) {
        expect(messages.length).toBeGreaterThan(0)
        expect(messages.length).toBeLessThanOrEqual(10)
      }
    }
    expect(answers[1].error.data.fieldErrors).toEqual({ tags: ['At most 20 tags'] })
  })
})
