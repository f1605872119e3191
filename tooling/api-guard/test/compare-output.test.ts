import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { additive, breaking } from './fixtures'

/** `Page<Note>` as packages/api/src/shared/schemas.ts builds it. */
const page = (note: z.ZodType) =>
  z.object({ items: z.array(note), nextCursor: z.string().nullable() })
const note = z.object({ id: z.string(), title: z.string(), tags: z.array(z.string()) })

describe('an output field', () => {
  it('removed breaks, named by its path', () => {
    const without = z.object({ id: z.string(), tags: z.array(z.string()) })
    expect(breaking('output', page(note), page(without))).toEqual([
      'notes.list output: items[].title removed',
    ])
  })

  it('renamed breaks (a removal and an addition)', () => {
    const renamed = z.object({ id: z.string(), heading: z.string(), tags: z.array(z.string()) })
    expect(breaking('output', page(note), page(renamed))).toEqual([
      'notes.list output: items[].title removed',
    ])
    expect(additive('output', page(note), page(renamed))).toEqual([
      'notes.list output: items[].heading added',
    ])
  })

  it('added passes', () => {
    const more = note.extend({ pinned: z.boolean() })
    expect(breaking('output', page(note), page(more))).toEqual([])
    expect(additive('output', page(note), page(more))).toEqual([
      'notes.list output: items[].pinned added',
    ])
  })

  it('made optional breaks; made required passes', () => {
    const optional = note.extend({ title: z.string().optional() })
    expect(breaking('output', note, optional)).toEqual([
      'notes.list output: title made optional (may now be missing)',
    ])
    expect(breaking('output', optional, note)).toEqual([])
  })

  it('another type breaks, both ways round', () => {
    const numbered = note.extend({ id: z.number() })
    expect(breaking('output', note, numbered)).toEqual([
      'notes.list output: id type changed from string to number',
    ])
    expect(breaking('output', numbered, note)).toEqual([
      'notes.list output: id type changed from number to string',
    ])
  })

  it('integer → number breaks (a client may count on whole numbers); number → integer passes', () => {
    const integer = z.object({ version: z.number().int() })
    const number = z.object({ version: z.number() })
    expect(breaking('output', integer, number)).toEqual([
      'notes.list output: version type changed from integer to number',
    ])
    expect(breaking('output', number, integer)).toEqual([])
  })

  it('nullable added breaks as a type change; nullable removed passes', () => {
    const nullable = page(note.extend({ title: z.string().nullable() }))
    expect(breaking('output', page(note), nullable)).toEqual([
      'notes.list output: items[].title may now be null (from string to string | null)',
    ])
    expect(breaking('output', nullable, page(note))).toEqual([])
    expect(additive('output', nullable, page(note))).toEqual([
      'notes.list output: items[].title can no longer be null',
    ])
  })

  it('a change inside a nullable object is found (zod writes it as anyOf)', () => {
    const before = z.object({ current: note.nullable() })
    const after = z.object({ current: note.omit({ title: true }).nullable() })
    expect(breaking('output', before, after)).toEqual(['notes.list output: current.title removed'])
  })

  it('a literal widened to its type breaks: `ok: true` was promised', () => {
    expect(
      breaking('output', z.object({ ok: z.literal(true) }), z.object({ ok: z.boolean() })),
    ).toEqual(['notes.list output: ok no longer limited to true'])
  })

  it('a limit or format changed is a notice, not a break', () => {
    const before = z.object({ id: z.uuid(), tags: z.array(z.string()).max(20) })
    const after = z.object({ id: z.string(), tags: z.array(z.string()).max(50) })
    expect(breaking('output', before, after)).toEqual([])
    expect(additive('output', before, after)).toEqual([
      'notes.list output: id format "uuid" removed',
      'notes.list output: tags maxItems raised from 20 to 50',
    ])
  })
})

describe('an output enum', () => {
  const user = (...roles: [string, ...string[]]) => z.object({ role: z.enum(roles) })

  it('a value removed breaks', () => {
    expect(breaking('output', user('user', 'admin'), user('user'))).toEqual([
      'notes.list output: role enum value "admin" removed',
    ])
  })

  it('a value added breaks: old clients switch on it and have no case for the new one', () => {
    expect(breaking('output', user('user', 'admin'), user('user', 'admin', 'owner'))).toEqual([
      'notes.list output: role enum value "owner" added (old clients have no case for it)',
    ])
  })

  it('an unchanged enum in another order passes', () => {
    expect(breaking('output', user('user', 'admin'), user('admin', 'user'))).toEqual([])
  })
})

describe('output shapes out of the ordinary', () => {
  it('a recursive schema is walked once per pair of refs, and still compared', () => {
    const folder = (withName: boolean) => {
      const node: z.ZodType = z.object({
        ...(withName ? { name: z.string() } : {}),
        get children() {
          return z.array(node)
        },
      })
      return node
    }
    expect(breaking('output', folder(true), folder(true))).toEqual([])
    expect(breaking('output', folder(true), folder(false))).toEqual([
      'notes.list output: name removed',
    ])
  })

  it('a schema with an id (a $defs entry) is compared wherever it is used', () => {
    const shape = (tag: z.ZodType) => z.object({ first: tag, last: tag.nullable() })
    const before = z.object({ name: z.string(), count: z.number() }).meta({ id: 'TagCount' })
    const after = z.object({ name: z.string() }).meta({ id: 'TagCount' })
    expect(breaking('output', shape(before), shape(after))).toEqual([
      'notes.list output: first.count removed',
      'notes.list output: last.count removed',
    ])
  })

  it('a part JSON Schema cannot describe is marked, and a change to or from it breaks', () => {
    const opaque = z.object({ at: z.date() })
    const typed = z.object({ at: z.string() })
    expect(breaking('output', opaque, opaque)).toEqual([])
    expect(breaking('output', typed, opaque)).toEqual([
      'notes.list output: at changed to a shape JSON Schema cannot describe',
    ])
    expect(breaking('output', opaque, typed)).toEqual([
      'notes.list output: at changed from a shape JSON Schema cannot describe',
    ])
  })

  it('a union of objects matches each branch with its counterpart', () => {
    const event = (extra: z.ZodRawShape) =>
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('created'), id: z.string() }),
        z.object({ type: z.literal('purged'), ids: z.array(z.string()), ...extra }),
      ])
    expect(breaking('output', event({}), event({ at: z.string() }))).toEqual([])
    expect(breaking('output', event({ at: z.string() }), event({}))).toEqual([
      'notes.list output: at removed',
    ])
  })
})
