// Types only from the API: `import type` is erased, so no server code reaches a client bundle.
export type { AppCode, AppRouter, RouterInputs, RouterOutputs } from '@inkwell/api'
export { type BrowserClientOptions, createBrowserClient } from './browser'
export { type ClientOptions, createClient, type InkwellClient, MAX_BATCH_SIZE } from './client'
export {
  appCodeOf,
  conflictingNoteOf,
  type FieldErrors,
  fieldErrorsOf,
  retryAfterMsOf,
} from './error-data'
export { errorMessage } from './error-message'
