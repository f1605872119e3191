import type { HttpBindings } from '@hono/node-server'
import type { Context as ApiContext } from '@inkwell/api'

/** Hono's environment for this app: Node bindings plus what middleware shares. */
export interface AppEnv {
  Bindings: HttpBindings
  Variables: {
    requestId: string
    /** Filled by the tRPC handler: what the access log adds about the caller. */
    apiLog?: ApiContext['log']
  }
}
