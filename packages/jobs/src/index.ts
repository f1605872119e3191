export { deadLetterQueue } from './dead-letters'
export {
  type AnyJobDefinition,
  type DefineJobOptions,
  defineJob,
  type JobDefinition,
  type JobRun,
  type JobSchedule,
} from './job-definition'
export { type JobLogger, silentJobLogger } from './job-logger'
export {
  createJobQueue,
  type JobQueue,
  type JobQueueOptions,
  type JobQueueStartOptions,
} from './job-queue'
export type { JobBacklog, JobCounts, JobDepth, JobStats } from './job-stats'
export {
  defaultRetryPolicy,
  type RetryPolicy,
  type RetrySchedule,
  retrySchedule,
  type Span,
} from './retry-policy'
export type { SqlDatabase, SqlRunner } from './sql-executor'
