import type PgBoss from 'pg-boss'
import type { JobLogger } from './job-logger'
import type { JobCounters } from './job-stats'
import { Pause } from './pause'

/** The queue that receives the jobs of `name` that gave up (pg-boss's dead letter queue). */
export function deadLetterQueue(name: string): string {
  return `${name}.gave-up`
}

export interface DeadLetterWatchOptions {
  readonly boss: PgBoss
  readonly jobNames: readonly string[]
  readonly intervalMs: number
  readonly logger: JobLogger
  readonly counters: JobCounters
}

/**
 * Reads the dead letter queues: every job that gave up, whichever way (its last attempt threw,
 * ran out of time, or its worker died), lands there once; each is logged as an error and
 * counted by the instance that reads it.
 */
export class DeadLetterWatch {
  readonly #options: DeadLetterWatchOptions
  #stopping = false
  readonly #pause = new Pause()
  #loop: Promise<void> | undefined

  constructor(options: DeadLetterWatchOptions) {
    this.#options = options
  }

  start(): void {
    this.#loop ??= this.#run()
  }

  async stop(): Promise<void> {
    this.#stopping = true
    this.#pause.wake()
    await this.#loop
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      for (const name of this.#options.jobNames) {
        if (this.#stopping) break
        try {
          await this.#read(name)
        } catch (error) {
          this.#options.logger.warn({ err: error, job: name }, 'dead letter watch error')
        }
      }
      if (!this.#stopping) await this.#pause.wait(this.#options.intervalMs)
    }
  }

  async #read(name: string): Promise<void> {
    const { boss, logger, counters } = this.#options
    const queue = deadLetterQueue(name)
    const jobs = await boss.fetch<unknown>(queue, { includeMetadata: true, batchSize: 50 })
    if (jobs.length === 0) return
    for (const job of jobs) {
      // The payload may hold personal data (an address): the log gets the last error only.
      logger.error({ job: name, err: job.output }, 'job gave up after its last attempt')
      counters.add(name, 'gaveUp')
    }
    await boss.complete(
      queue,
      jobs.map((job) => job.id),
    )
  }
}
