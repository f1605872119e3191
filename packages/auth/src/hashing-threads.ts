import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** What a hashing thread is asked: argon2id's `hash` or `verify`, as @node-rs/argon2 has them. */
export type HashingRequest =
  | { readonly op: 'hash'; readonly password: string; readonly options: object }
  | { readonly op: 'verify'; readonly hash: string; readonly password: string }

type Reply = { id: number; result: string | boolean } | { id: number; error: string }

/**
 * Each thread lowers its own priority (on Linux `setpriority` on a thread renices only that
 * thread), then hashes with the synchronous calls, one request at a time.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
try { require('node:os').setPriority(workerData.nice) } catch {}
const argon2 = require(workerData.argon2)
parentPort.on('message', (request) => {
  try {
    const result = request.op === 'hash'
      ? argon2.hashSync(request.password, request.options)
      : argon2.verifySync(request.hash, request.password)
    parentPort.postMessage({ id: request.id, result })
  } catch (error) {
    parentPort.postMessage({ id: request.id, error: String(error && error.message || error) })
  }
})
`

interface Thread {
  readonly worker: Worker
  job?: { id: number; resolve: (value: string | boolean) => void; reject: (error: Error) => void }
}

/** The hashing threads' niceness: below the event loop's, not the lowest. */
export const HASHING_NICE = 10

/**
 * Password hashing on threads of its own at a lower priority (nice 10), instead of on libuv's
 * pool at the event loop's priority. On a machine with as many hashes running as cores, the
 * kernel then runs the event loop first whenever it has work (its weight is nine times a
 * hashing thread's): requests are answered while logins flood in, and the hashes take what
 * CPU is left, which on an otherwise idle server is all of it. Not nice 19: that weight (1.5%
 * of a contended core) let other busy processes on the machine, PostgreSQL or a test suite,
 * stretch a 15 ms hash past a second, longer than the login lock's first window. Threads
 * start on first use and do not keep the process alive. At most `size` requests run at once;
 * the caller (the HashingQueue) never asks for more.
 *
 * @example
 * const threads = new HashingThreads(availableParallelism())
 * const ok = await threads.run({ op: 'verify', hash, password })
 */
export class HashingThreads {
  readonly size: number
  readonly #nice: number
  readonly #threads: Thread[] = []
  #argon2: string | undefined
  #nextId = 0

  constructor(size: number, options: { nice?: number } = {}) {
    this.size = Math.max(1, Math.floor(size))
    this.#nice = options.nice ?? HASHING_NICE
  }

  run(request: HashingRequest): Promise<string | boolean> {
    const thread = this.#idle()
    const id = ++this.#nextId
    return new Promise((resolve, reject) => {
      thread.job = { id, resolve, reject }
      // Referenced while it works, so a script awaiting a hash does not exit first.
      thread.worker.ref()
      thread.worker.postMessage({ ...request, id })
    })
  }

  /** Ends every thread (their jobs fail). */
  async close(): Promise<void> {
    const threads = this.#threads.splice(0)
    await Promise.all(threads.map((thread) => thread.worker.terminate()))
  }

  #idle(): Thread {
    const idle = this.#threads.find((thread) => !thread.job)
    if (idle) return idle
    if (this.#threads.length >= this.size) throw new Error('every hashing thread is busy')
    return this.#start()
  }

  #start(): Thread {
    this.#argon2 ??= createRequire(import.meta.url).resolve('@node-rs/argon2')
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      // Plain CommonJS: not the parent's flags (`--input-type=module`, loaders) that would
      // turn the source into something else.
      execArgv: [],
      workerData: { argon2: this.#argon2, nice: this.#nice },
    })
    worker.unref()
    const thread: Thread = { worker }
    worker.on('message', (reply: Reply) => {
      const job = thread.job
      if (!job || job.id !== reply.id) return
      thread.job = undefined
      worker.unref()
      if ('error' in reply) job.reject(new Error(reply.error))
      else job.resolve(reply.result)
    })
    const fail = (error: Error) => {
      const index = this.#threads.indexOf(thread)
      if (index !== -1) this.#threads.splice(index, 1)
      thread.job?.reject(error)
      thread.job = undefined
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`a hashing thread exited (code ${code})`)))
    this.#threads.push(thread)
    return thread
  }
}
