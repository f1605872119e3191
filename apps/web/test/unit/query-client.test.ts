import { createClient } from '@inkwell/client'
import { MutationObserver, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { cleanup, renderHook, waitFor } from '@testing-library/react'
import { TRPCClientError } from '@trpc/client'
import { createElement, type ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createQueryClient } from '../../src/lib/query-client'
import { TRPCProvider, useTRPC } from '../../src/lib/trpc'

afterEach(cleanup)

/** What the client throws for an error answer from the server. */
function serverError(appCode: string, httpStatus: number) {
  return TRPCClientError.from({
    error: { code: -32603, message: appCode, data: { code: 'ANY', httpStatus, appCode } },
  })
}
const offline = () => TRPCClientError.from(new TypeError('Failed to fetch'))

/** Runs a query the way a page does (the app's defaults), failing with `error` every time. */
async function failingQuery(error: () => unknown) {
  const onSessionEnded = vi.fn()
  const client = createQueryClient(onSessionEnded)
  const queryFn = vi.fn(async () => {
    throw error()
  })
  // retryDelay 0 keeps the test quick; whether to retry is still the app's decision.
  await expect(client.fetchQuery({ queryKey: ['q'], queryFn, retryDelay: 0 })).rejects.toThrow()
  return { attempts: queryFn.mock.calls.length, onSessionEnded }
}

describe('createQueryClient', () => {
  it('tries a network failure and a 500 three times in all before giving up', async () => {
    expect((await failingQuery(offline)).attempts).toBe(3)
    expect((await failingQuery(() => serverError('INTERNAL_ERROR', 500))).attempts).toBe(3)
  })

  it('does not retry an answer that will not change (a 4xx)', async () => {
    expect((await failingQuery(() => serverError('NOTE_NOT_FOUND', 404))).attempts).toBe(1)
    expect((await failingQuery(() => serverError('VALIDATION_FAILED', 400))).attempts).toBe(1)
  })

  it('reports an ended session from a query, once, and from nothing else', async () => {
    const ended = await failingQuery(() => serverError('NOT_AUTHENTICATED', 401))
    expect(ended.attempts).toBe(1)
    expect(ended.onSessionEnded).toHaveBeenCalledTimes(1)
    expect(
      (await failingQuery(() => serverError('FORBIDDEN', 403))).onSessionEnded,
    ).not.toHaveBeenCalled()
    expect((await failingQuery(offline)).onSessionEnded).not.toHaveBeenCalled()
  })

  it('reports an ended session from a mutation, which is never retried', async () => {
    const onSessionEnded = vi.fn()
    const client = createQueryClient(onSessionEnded)
    const mutationFn = vi.fn(async () => {
      throw serverError('NOT_AUTHENTICATED', 401)
    })
    await expect(new MutationObserver(client, { mutationFn }).mutate()).rejects.toThrow()
    expect(mutationFn).toHaveBeenCalledTimes(1)
    expect(onSessionEnded).toHaveBeenCalledTimes(1)

    const offlineMutation = vi.fn(async () => {
      throw offline()
    })
    await expect(
      new MutationObserver(client, { mutationFn: offlineMutation }).mutate(),
    ).rejects.toThrow()
    expect(offlineMutation).toHaveBeenCalledTimes(1)
    expect(onSessionEnded).toHaveBeenCalledTimes(1)
  })
})

describe('useTRPC inside TRPCProvider', () => {
  /** The app's providers around a client whose server answers `users.me` with `body`. */
  function providers(status: number, body: unknown) {
    const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) =>
      Response.json([body], { status }),
    )
    const onSessionEnded = vi.fn()
    const queryClient = createQueryClient(onSessionEnded)
    const trpcClient = createClient({ url: 'http://inkwell.test', fetch })
    const wrapper = ({ children }: { children: ReactNode }) =>
      createElement(
        QueryClientProvider,
        { client: queryClient },
        createElement(TRPCProvider, { trpcClient, queryClient, children }),
      )
    return { fetch, onSessionEnded, wrapper }
  }

  it('queries the procedure over HTTP and hands back its typed data', async () => {
    const me = { id: 'u1', email: 'ada@example.com', name: 'Ada' }
    const { fetch, wrapper } = providers(200, { result: { data: me } })
    const { result } = renderHook(() => useQuery(useTRPC().users.me.queryOptions()), { wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.data).toEqual(me)
    expect(String(fetch.mock.calls[0]?.[0])).toMatch(/^http:\/\/inkwell\.test\/trpc\/users\.me\b/)
  })

  it('turns a NOT_AUTHENTICATED answer into one report of the ended session', async () => {
    const { fetch, onSessionEnded, wrapper } = providers(401, {
      error: {
        code: -32001,
        message: 'Not signed in',
        data: { code: 'UNAUTHORIZED', httpStatus: 401, appCode: 'NOT_AUTHENTICATED' },
      },
    })
    const { result } = renderHook(() => useQuery(useTRPC().users.me.queryOptions()), { wrapper })
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(onSessionEnded).toHaveBeenCalledTimes(1)
    expect(fetch).toHaveBeenCalledTimes(1)
  })
})
