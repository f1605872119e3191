import { createClient } from '@inkwell/client'
import { QueryClientProvider } from '@tanstack/react-query'
import { cleanup, renderHook, waitFor } from '@testing-library/react'
import { createElement, type ReactNode } from 'react'
import { afterEach, expect, it, vi } from 'vitest'
import { meQueryKey } from '../../src/auth/me'
import { createQueryClient } from '../../src/lib/query-client'
import { TRPCProvider } from '../../src/lib/trpc'
import { useLiveNotes } from '../../src/lib/use-live-notes'

afterEach(cleanup)

const NOT_AUTHENTICATED = {
  code: -32001,
  message: 'The session has ended',
  data: { code: 'UNAUTHORIZED', httpStatus: 401, appCode: 'NOT_AUTHENTICATED' },
}

/** A server-sent event stream with these events, held open like the server's. */
function eventStream(events: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(`event: connected\ndata: {}\n\n${events}`))
    },
  })
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}

/** The app's providers around a client whose server answers the stream and `users.me` so. */
function providers(stream: () => Response, me: () => Response) {
  const fetch = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) =>
    String(input).includes('notes.onChange') ? stream() : me(),
  )
  const queryClient = createQueryClient(() => {})
  const trpcClient = createClient({ url: 'http://inkwell.test', fetch })
  const wrapper = ({ children }: { children: ReactNode }) =>
    createElement(
      QueryClientProvider,
      { client: queryClient },
      createElement(TRPCProvider, { trpcClient, queryClient, children }),
    )
  const streams = () => fetch.mock.calls.filter(([url]) => String(url).includes('onChange'))
  return { queryClient, wrapper, streams }
}

it('refetches every notes query when an event says the notes changed', async () => {
  const { queryClient, wrapper } = providers(
    () => eventStream('id: c1.a\ndata: {"cursor":"c1.a"}\n\n'),
    () => Response.json([{ result: { data: null } }]),
  )
  const invalidate = vi.spyOn(queryClient, 'invalidateQueries')
  renderHook(() => useLiveNotes(), { wrapper })
  await waitFor(() => expect(invalidate).toHaveBeenCalled())
  expect(JSON.stringify(invalidate.mock.calls[0]?.[0])).toContain('notes')
})

it('ends the session when the stream ends with NOT_AUTHENTICATED and users.me agrees', async () => {
  const { queryClient, wrapper } = providers(
    () => eventStream(`event: serialized-error\ndata: ${JSON.stringify(NOT_AUTHENTICATED)}\n\n`),
    () => Response.json([{ error: NOT_AUTHENTICATED }], { status: 401 }),
  )
  queryClient.setQueryData(meQueryKey, { id: 'u1' } as never)
  renderHook(() => useLiveNotes(), { wrapper })
  await waitFor(() => expect(location.pathname).toBe('/sign-in'))
  expect(location.search).toContain('expired=1')
  expect(queryClient.getQueryData(meQueryKey)).toBeNull()
})

it('subscribes again when the browser still has a session (a fresh one, say)', async () => {
  let first = true
  const { wrapper, streams } = providers(
    () => {
      if (!first) return eventStream('')
      first = false
      return eventStream(`event: serialized-error\ndata: ${JSON.stringify(NOT_AUTHENTICATED)}\n\n`)
    },
    () => Response.json([{ result: { data: { id: 'u1' } } }]),
  )
  renderHook(() => useLiveNotes(), { wrapper })
  await waitFor(() => expect(streams().length).toBe(2))
})
