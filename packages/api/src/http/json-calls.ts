import { TRPCError } from '@trpc/server'
import {
  type AnyProcedure,
  getErrorShape,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isObject,
} from '@trpc/server/unstable-core-do-not-import'
import type { Context } from '../context'
import type { ErrorShape } from '../error-formatter'
import { appRouter } from '../root'

/**
 * Plain tRPC calls: queries by GET or mutations by POST, one or a batch, answered as one JSON
 * body (not streamed).
 */
export interface JsonCalls {
  /** The procedures' paths, `notes.list`: the URL's last segment split at commas. */
  readonly paths: readonly string[]
  /** Sent as a batch (`?batch=1`): the input is an object by index, the answer an array. */
  readonly batch: boolean
  readonly type: 'query' | 'mutation'
  /**
   * The input's JSON text as sent (the `input` query parameter, or the POST body), or
   * undefined for none. Read once, when the first procedure asks for its input.
   */
  readonly readInput: () => Promise<string | undefined>
  /** Builds the procedure context, once for all the calls; `resHeaders` become response headers. */
  readonly createContext: (resHeaders: Headers) => Context
  /** Told of each failed call, as tRPC's `onError` is. */
  readonly onError?: (error: TRPCError, path: string | undefined) => void
}

/** The answer, exactly as tRPC's fetch adapter would give it. */
export interface JsonCallsAnswer {
  readonly status: number
  readonly headers: Headers
  /** `{"result":{"data":…}}` or `{"error":…}`; for a batch, an array of them. */
  readonly body: string
  /** Each call's own status, in order. */
  readonly statuses: readonly number[]
}

type Outcome =
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly error: TRPCError }

/**
 * Answers plain calls without the Fetch API objects tRPC's fetch adapter builds for them (a
 * `Request`, two `AbortSignal`s per call, a `Response`), which were a third of `users.me`'s
 * CPU. The procedures run as the adapter runs them: with the same middleware, one context,
 * the batch's calls side by side, the input parsed once, the same error formatter and
 * `onError`; the answer has the same status, headers and body. It resolves to `undefined`
 * (before reading the input or building the context) when a path has no procedure of `type`:
 * the adapter answers that, with its own error. The caller bounds the batch's size. Subscriptions,
 * streaming, forms and method overrides never come here.
 *
 * Procedures get no `signal`: only subscriptions use one.
 *
 * @example
 * const answer = await resolveJsonCalls({ paths: ['users.me'], batch: false, type: 'query', … })
 * if (answer) return new Response(answer.body, answer)
 */
export async function resolveJsonCalls(calls: JsonCalls): Promise<JsonCallsAnswer | undefined> {
  const { paths, batch, type } = calls
  if (paths.length === 0 || (!batch && paths.length > 1)) return undefined
  const procedures: AnyProcedure[] = []
  for (const path of paths) {
    const procedure = await procedureAt(path, type)
    if (!procedure) return undefined
    procedures.push(procedure)
  }
  const headers = new Headers([['vary', 'trpc-accept, accept']])
  const resHeaders = new Headers()
  const inputs = inputsOf(calls.readInput, batch)
  // As the adapter does: a context that cannot be built fails each call with its error.
  let ctx: Context | undefined
  let ctxError: TRPCError | undefined
  try {
    ctx = calls.createContext(resHeaders)
  } catch (cause) {
    ctxError = getTRPCErrorFromUnknown(cause)
  }
  const outcomes = await Promise.all(
    procedures.map(async (procedure, index): Promise<Outcome> => {
      const path = paths[index] as string
      try {
        if (ctxError) throw ctxError
        const data = await procedure({
          path,
          type,
          ctx,
          getRawInput: async () => (await inputs.read())[index],
          signal: undefined,
          batchIndex: index,
        })
        return { ok: true, data }
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause)
        calls.onError?.(error, path)
        return { ok: false, error }
      }
    }),
  )
  const answers: unknown[] = []
  const statuses: number[] = []
  for (const [index, outcome] of outcomes.entries()) {
    const streamed = outcome.ok && isDataStream(outcome.data)
    if (outcome.ok && !streamed) {
      answers.push({ result: { data: outcome.data } })
      statuses.push(200)
      continue
    }
    const error = outcome.ok ? notStreamed() : outcome.error
    // A single call's stream-like answer is the request's error, as the adapter has it.
    if (streamed && !batch) calls.onError?.(error, undefined)
    const at =
      streamed && !batch
        ? { ctx, input: undefined, path: undefined }
        : { ctx, input: inputs.parsed()?.[index], path: paths[index] }
    const shape = shapeOf(error, at, type)
    answers.push({ error: shape })
    statuses.push(shape.data.httpStatus)
  }
  headers.set('content-type', 'application/json')
  for (const [key, value] of resHeaders) headers.append(key, value)
  return {
    status: statusOf(statuses),
    headers,
    body: JSON.stringify(batch ? answers : answers[0]),
    statuses,
  }
}

async function procedureAt(path: string, type: JsonCalls['type']): Promise<AnyProcedure | null> {
  const found: unknown = await getProcedureAtPath(appRouter, path)
  if (typeof found !== 'function') return null
  const procedure = found as AnyProcedure
  return procedure._def?.type === type ? procedure : null
}

function shapeOf(
  error: TRPCError,
  at: { ctx: Context | undefined; input: unknown; path: string | undefined },
  type: JsonCalls['type'],
): ErrorShape {
  return getErrorShape({ config: appRouter._def._config, error, type, ...at }) as ErrorShape
}

/** One status for the answer: the calls' own when they agree, 207 when they differ. */
function statusOf(statuses: readonly number[]): number {
  const distinct = new Set(statuses)
  return distinct.size === 1 ? (statuses[0] as number) : 207
}

function notStreamed(): TRPCError {
  return new TRPCError({
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
  })
}

/**
 * The calls' inputs by index, read and parsed once, as tRPC reads them: JSON, none when
 * empty; a batch's must be an object. A bad one fails every call with 400 `BAD_REQUEST`.
 */
function inputsOf(read: JsonCalls['readInput'], batch: boolean) {
  let parsing: Promise<Record<number, unknown>> | undefined
  let parsed: Record<number, unknown> | undefined
  const parse = async (): Promise<Record<number, unknown>> => {
    const text = await read()
    const inputs: unknown = text ? JSON.parse(text) : undefined
    if (inputs === undefined) return {}
    if (!batch) return { 0: inputs }
    if (!isObject(inputs)) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: '"input" needs to be an object when doing a batch call',
      })
    }
    return inputs as Record<number, unknown>
  }
  return {
    read: async (): Promise<Record<number, unknown>> => {
      if (parsed) return parsed
      parsing ??= parse().catch((cause: unknown) => {
        if (cause instanceof TRPCError) throw cause
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: cause instanceof Error ? cause.message : 'Invalid input',
          cause,
        })
      })
      parsed = await parsing
      return parsed
    },
    parsed: () => parsed,
  }
}

/** tRPC refuses promises and async iterables in an answer that is not streamed. */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false
  if (isAsyncIterable(value)) return true
  const values = Object.values(value)
  return values.some(isPromiseLike) || values.some(isAsyncIterable)
}

function isPromiseLike(value: unknown): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false
  const candidate = value as { then?: unknown; catch?: unknown }
  return typeof candidate.then === 'function' && typeof candidate.catch === 'function'
}
