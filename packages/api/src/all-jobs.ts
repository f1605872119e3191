import type { AnyJobDefinition } from '@inkwell/jobs'
import { purgeExpiredJob } from './maintenance'
import { sendPasswordResetMail, sendVerificationMail } from './modules/auth/jobs'
import { sendPasswordChangedMail } from './shared/password-changed-notice'
import type { ApiDeps } from './wiring/api-deps'

/**
 * Every job of the API, each defined by the module that owns it (`modules/<name>/jobs.ts`, or
 * `shared/` for one that several modules enqueue): the queue gets a queue, a worker and a
 * schedule for each.
 */
export const allJobs: readonly AnyJobDefinition<ApiDeps>[] = [
  sendPasswordResetMail,
  sendVerificationMail,
  sendPasswordChangedMail,
  purgeExpiredJob,
]
