import type { AppCode, ErrorShape } from '@inkwell/api'
import type { TRPC_ERROR_CODE_NUMBER } from '@trpc/server/rpc'

const RPC_CODES: Record<number, TRPC_ERROR_CODE_NUMBER> = {
  400: -32600,
  404: -32004,
  413: -32013,
  500: -32603,
}
const TRPC_CODES: Record<number, ErrorShape['data']['code']> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  500: 'INTERNAL_SERVER_ERROR',
}

/**
 * An error body in tRPC's envelope, for failures the HTTP layer answers itself (413, 404,
 * crashes outside tRPC), so clients read every error the same way.
 */
export function errorEnvelope(
  httpStatus: 400 | 404 | 413 | 500,
  appCode: AppCode,
  message: string,
  requestId?: string,
): { error: ErrorShape } {
  return {
    error: {
      message,
      code: RPC_CODES[httpStatus] ?? -32603,
      data: {
        code: TRPC_CODES[httpStatus] ?? 'INTERNAL_SERVER_ERROR',
        httpStatus,
        appCode,
        ...(requestId ? { requestId } : {}),
      },
    },
  }
}
