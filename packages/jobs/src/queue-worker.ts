import type PgBoss from 'pg-boss'
import type { AnyJobDefinition, JobRun } from './job-definition'
import { failureOutput, type JobLogger } from './job-logger'
import type { JobCounters } from './job-stats'
import { Pause } from './pause'

export interface QueueWorkerOptions<Context> {
  readonly boss: PgBoss
  readonly definition: AnyJobDefinition<Context>
  readonly context: Context
  readonly pollingIntervalMs: number
  readonly logger: JobLogger
  readonly counters: JobCounters
}

class Stopped extends Error {
  constructor() {
    super('the worker stopped while the job ran')
  }
}

class TimedOut extends Error {
  constructor(seconds: number) {
    super(`the attempt ran past its ${seconds} s`)
  }
}

/**
 * Works one queue, one job at a time: fetches (pg-boss locks it with SKIP LOCKED, so each job
 * goes to one worker of one instance), runs the handler, and completes or fails the job,
 * waiting for each step, so a stop can wait for the job in hand.
 */
export class QueueWorker<Context> {
  readonly #options: QueueWorkerOptions<Context>
  #stopping = false
  readonly #pause = new Pause()
  #current: AbortController | undefined
  #loop: Promise<void> | undefined

  constructor(options: QueueWorkerOptions<Context>) {
    this.#options = options
  }

  start(): void {
    this.#loop ??= this.#run()
  }

  /** Fetches again now instead of at the next poll. */
  nudge(): void {
    this.#pause.wake()
  }

  /**
   * Stops fetching and waits for the job in hand, up to `graceMs`; a job still running then is
   * failed (so it is retried, here or elsewhere) and left to finish or not.
   */
  async stop(graceMs: number): Promise<void> {
    this.#stopping = true
    this.#pause.wake()
    if (!this.#loop) return
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs)
    })
    if ((await Promise.race([this.#loop, late])) === 'late') this.#current?.abort(new Stopped())
    clearTimeout(timer)
    await this.#loop
  }

  async #run(): Promise<void> {
    const { boss, definition, pollingIntervalMs, logger } = this.#options
    while (!this.#stopping) {
      try {
        const [job] = await boss.fetch<unknown>(definition.name, {
          includeMetadata: true,
          batchSize: 1,
        })
        if (job) {
          await this.#process(job)
          continue
        }
      } catch (error) {
        logger.warn({ err: error, job: definition.name }, 'job worker error')
      }
      if (!this.#stopping) await this.#pause.wait(pollingIntervalMs)
    }
  }

  async #process(job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
    const { boss, definition, context, logger, counters } = this.#options
    const name = definition.name
    const parsed = definition.payload.safeParse(job.data)
    if (!parsed.success) {
      // Retrying cannot fix it: give up at once.
      logger.error({ job: name, jobId: job.id }, 'job gave up: its payload does not parse')
      counters.add(name, 'gaveUp')
      await boss.complete(name, job.id, { error: 'payload does not parse' })
      return
    }
    const controller = new AbortController()
    this.#current = controller
    const run: JobRun = {
      id: job.id,
      name,
      attempt: job.retryCount + 1,
      lastAttempt: job.retryCount >= job.retryLimit,
      signal: controller.signal,
    }
    const seconds = Number(job.expireInSeconds)
    const timer = setTimeout(() => controller.abort(new TimedOut(seconds)), seconds * 1000)
    let failure: { error: unknown } | undefined
    try {
      await untilAborted(definition.handle(parsed.data, context, run), controller.signal)
    } catch (error) {
      failure = { error }
    } finally {
      clearTimeout(timer)
      this.#current = undefined
    }
    if (!failure) {
      await boss.complete(name, job.id)
      counters.add(name, 'completed')
      return
    }
    counters.add(name, 'failed')
    const output = failureOutput(failure.error)
    const details = { job: name, jobId: job.id, attempt: run.attempt, err: output }
    logger.warn(details, run.lastAttempt ? 'job failed its last attempt' : 'job failed; will retry')
    await boss.fail(name, job.id, output)
  }
}

/** `work`, unless `signal` aborts first: then its reason. `work` is left to settle unobserved. */
function untilAborted(work: Promise<void>, signal: AbortSignal): Promise<void> {
  work.catch(() => {})
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
