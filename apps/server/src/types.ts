import type { HttpBindings } from '@hono/node-server'
import type { Context as ApiContext } from '@inkwell/api'

/** Hono's environment for this app: Node bindings plus what middleware shares. */
export interface AppEnv {
  Bindings: HttpBindings
  Variables: {
    requestId: string
    /** Filled by the tRPC handler: what the access log adds about the caller. */
    apiLog?: ApiContext['log']
    /**
     * Filled by the tRPC handler when metrics are on: each call's procedure label (see
     * `procedureLabel`) and its status, when known before the answer is sent (not when streamed).
     */
    trpcCalls?: {
      readonly procedures: readonly string[]
      readonly statuses: readonly (number | undefined)[]
    }
    /** Set by the REST handler: the procedure a `/api/v1` route called, for the access log. */
    procedure?: string
  }
}
