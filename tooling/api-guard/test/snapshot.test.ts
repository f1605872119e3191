import { initTRPC, lazy } from '@trpc/server'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildSnapshot } from '../src/snapshot'
import { parseSnapshot, serializeSnapshot } from '../src/snapshot-format'

const t = initTRPC.create()
const note = z.object({ id: z.string(), title: z.string() })

/** What a FormData upload parser looks like to tRPC: a function, not a zod schema. */
function formDataParser(input: unknown): FormData {
  if (!(input instanceof FormData)) throw new Error('expected FormData')
  return input
}

describe('buildSnapshot', () => {
  it('records every procedure by dotted path with its kind, input and output', async () => {
    const router = t.router({
      notes: t.router({
        get: t.procedure
          .input(z.object({ id: z.uuid() }))
          .output(note)
          .query(() => ({ id: '', title: '' })),
        create: t.procedure
          .input(z.object({ title: z.string() }))
          .output(note)
          .mutation(() => ({ id: '', title: '' })),
        onChange: t.procedure.subscription(async function* () {}),
      }),
      health: t.procedure.query(() => 'ok'),
    })
    const { procedures } = await buildSnapshot(router)
    expect(Object.keys(procedures).sort()).toEqual([
      'health',
      'notes.create',
      'notes.get',
      'notes.onChange',
    ])
    expect(procedures['notes.get']).toMatchObject({ kind: 'query', inputOptional: false })
    expect(procedures['notes.create']?.kind).toBe('mutation')
    expect(procedures['notes.onChange']?.kind).toBe('subscription')
    expect(procedures['notes.get']?.input).toEqual({
      type: 'object',
      properties: { id: expect.objectContaining({ type: 'string', format: 'uuid' }) },
      required: ['id'],
    })
    expect(procedures['notes.get']?.output).toMatchObject({
      type: 'object',
      required: ['id', 'title'],
    })
    // No input, no output schema: null, not a guess.
    expect(procedures.health).toEqual({ kind: 'query', input: null, output: null })
  })

  it('describes inputs as clients send them and outputs as they receive them', async () => {
    const router = t.router({
      list: t.procedure
        .input(
          z.object({
            limit: z.number().default(20),
            search: z
              .string()
              .transform((s) => s.trim())
              .optional(),
          }),
        )
        .output(z.object({ count: z.number().default(0) }))
        .query(() => ({ count: 1 })),
    })
    const { procedures } = await buildSnapshot(router)
    // A default makes an input field optional and an output field always present.
    expect(procedures.list?.input).toMatchObject({ properties: { search: { type: 'string' } } })
    expect(procedures.list?.input).not.toHaveProperty('required')
    expect(procedures.list?.output).toMatchObject({ required: ['count'] })
  })

  it('knows when the whole input may be left out', async () => {
    const router = t.router({
      withDefault: t.procedure
        .input(z.object({ limit: z.number() }).default({ limit: 20 }))
        .query(() => 1),
      optional: t.procedure.input(z.object({ limit: z.number() }).optional()).query(() => 1),
      required: t.procedure.input(z.object({ limit: z.number().optional() })).query(() => 1),
    })
    const { procedures } = await buildSnapshot(router)
    expect(procedures.withDefault?.inputOptional).toBe(true)
    expect(procedures.optional?.inputOptional).toBe(true)
    expect(procedures.required?.inputOptional).toBe(false)
  })

  it('records an input that is not a zod schema as unrepresentable instead of failing', async () => {
    const router = t.router({
      uploadAvatar: t.procedure.input(formDataParser).mutation(() => 'ok'),
      uploadZod: t.procedure.input(z.instanceof(FormData)).mutation(() => 'ok'),
    })
    const { procedures } = await buildSnapshot(router)
    expect(procedures.uploadAvatar?.input).toEqual({ 'x-unrepresentable': true })
    expect(procedures.uploadZod?.input).toEqual({ 'x-unrepresentable': true })
  })

  it('merges chained object inputs, as tRPC merges their results', async () => {
    const router = t.router({
      update: t.procedure
        .input(z.object({ id: z.string() }))
        .input(z.object({ title: z.string().optional() }))
        .mutation(() => 'ok'),
    })
    const { procedures } = await buildSnapshot(router)
    expect(procedures.update?.input).toEqual({
      type: 'object',
      properties: { id: { type: 'string' }, title: { type: 'string' } },
      required: ['id'],
    })
  })

  it('loads lazy sub-routers first', async () => {
    const slow = t.router({ ping: t.procedure.query(() => 'pong') })
    const router = t.router({ slow: lazy(async () => slow) })
    const { procedures } = await buildSnapshot(router)
    expect(Object.keys(procedures)).toEqual(['slow.ping'])
  })
})

describe('the snapshot file', () => {
  it('is the same bytes however the router orders its keys', async () => {
    const get = t.procedure.input(z.object({ b: z.string(), a: z.string() })).query(() => 1)
    const list = t.procedure.query(() => 1)
    const one = serializeSnapshot(await buildSnapshot(t.router({ get, list })))
    const other = serializeSnapshot(
      await buildSnapshot(
        t.router({
          list,
          get: t.procedure.input(z.object({ a: z.string(), b: z.string() })).query(() => 1),
        }),
      ),
    )
    expect(one).toBe(other)
    expect(one.endsWith('}\n')).toBe(true)
    expect(one).toContain('\n  "procedures": {\n    "get": {')
  })

  it('reads back what it writes, and refuses anything else', async () => {
    const snapshot = await buildSnapshot(t.router({ get: t.procedure.query(() => 1) }))
    expect(parseSnapshot(serializeSnapshot(snapshot)).procedures).toEqual(snapshot.procedures)
    expect(() => parseSnapshot('{"items": []}')).toThrow('no "procedures" object')
    expect(() => parseSnapshot('{"procedures": {"a": {}}}')).toThrow('procedure a has no kind')
  })
})
