import type { z } from 'zod'
import { assertRetryPolicy, defaultRetryPolicy, type RetryPolicy } from './retry-policy'

/** What a handler knows of the job it runs. */
export interface JobRun {
  /** The job's id: the same on every attempt (an idempotency key for what leaves the machine). */
  readonly id: string
  readonly name: string
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number
  /** True when this attempt failing means giving up. */
  readonly lastAttempt: boolean
  /** Aborted when the attempt runs out of time or the worker stops: stop then, if possible. */
  readonly signal: AbortSignal
}

/** A cron schedule: the job runs once per tick across every instance, with an empty payload. */
export interface JobSchedule {
  /** Five fields (minute precision), e.g. `5 * * * *` for five past every hour. */
  readonly cron: string
  /** Default UTC. */
  readonly tz?: string
}

/**
 * A kind of job: a name, the payload's zod schema, and what to do with it. `Context` is what
 * every handler receives besides the payload (the API passes its dependencies).
 */
export interface JobDefinition<Payload, Context> {
  /** Unique, stable (it names the queue in the database), e.g. `auth.password-reset-mail`. */
  readonly name: string
  /** Checked on enqueue and again before the handler runs. */
  readonly payload: z.ZodType<Payload>
  /**
   * Does the work. Throw to fail the attempt (it is retried per `retry`); resolve to complete
   * it. May run more than once for one job (after a crash, or a timeout): make it idempotent,
   * or at least harmless to repeat.
   */
  readonly handle: (payload: Payload, context: Context, run: JobRun) => Promise<void>
  readonly retry: RetryPolicy
  readonly schedule?: JobSchedule | undefined
}

// biome-ignore lint/suspicious/noExplicitAny: a list of jobs mixes payload types; each checks its own.
export type AnyJobDefinition<Context> = JobDefinition<any, Context>

export interface DefineJobOptions<Payload, Context>
  extends Omit<JobDefinition<Payload, Context>, 'retry'> {
  /** Overrides of `defaultRetryPolicy`. */
  readonly retry?: Partial<RetryPolicy>
}

/**
 * Declares a job. The module that owns it defines it in its `jobs.ts`; the queue runs it.
 *
 * @example
 * export const welcomeMail = defineJob({
 *   name: 'users.welcome-mail',
 *   payload: z.object({ userId: z.uuid() }),
 *   async handle({ userId }, deps, run) {
 *     await deps.mailer.send({ ...(await welcome(deps, userId)), id: run.id })
 *   },
 * })
 * await deps.jobs.enqueue(trx, welcomeMail, { userId })
 */
export function defineJob<Payload, Context>(
  options: DefineJobOptions<Payload, Context>,
): JobDefinition<Payload, Context> {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(options.name)) {
    throw new Error(`job name ${options.name}: lower-case letters, digits, dots and dashes`)
  }
  const retry = { ...defaultRetryPolicy, ...options.retry }
  assertRetryPolicy(options.name, retry)
  return { ...options, retry }
}
