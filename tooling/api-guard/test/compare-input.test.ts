import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { compareSchemas } from '../src/compare'
import { additive, breaking, changes } from './fixtures'

const input = (shape: z.ZodRawShape) => z.object(shape)

describe('an input field', () => {
  it('added as required breaks; added optional or with a default passes', () => {
    const before = input({ title: z.string() })
    expect(breaking('input', before, input({ title: z.string(), body: z.string() }))).toEqual([
      'notes.list input: body added as required',
    ])
    const optional = input({ title: z.string(), body: z.string().optional() })
    expect(breaking('input', before, optional)).toEqual([])
    expect(additive('input', before, optional)).toEqual(['notes.list input: body added (optional)'])
    // A default makes a field optional for the client (io: 'input').
    expect(
      breaking('input', before, input({ title: z.string(), body: z.string().default('') })),
    ).toEqual([])
  })

  it('optional → required breaks; required → optional passes', () => {
    const optional = input({ tag: z.string().optional() })
    const required = input({ tag: z.string() })
    expect(breaking('input', optional, required)).toEqual([
      'notes.list input: tag now required (was optional)',
    ])
    expect(breaking('input', required, optional)).toEqual([])
    expect(additive('input', required, optional)).toEqual(['notes.list input: tag now optional'])
  })

  it('losing its default breaks (the client may leave it out)', () => {
    const before = input({ limit: z.number().int().default(20) })
    expect(breaking('input', before, input({ limit: z.number().int() }))).toEqual([
      'notes.list input: limit now required (was optional)',
    ])
  })

  it('removed breaks: old clients still send it and it would be silently ignored', () => {
    expect(
      breaking(
        'input',
        input({ a: z.string(), b: z.string().optional() }),
        input({ a: z.string() }),
      ),
    ).toEqual(['notes.list input: b removed (old clients still send it)'])
  })

  it('another type breaks, both ways round', () => {
    const text = input({ version: z.string() })
    const number = input({ version: z.number() })
    expect(breaking('input', text, number)).toEqual([
      'notes.list input: version type changed from string to number',
    ])
    expect(breaking('input', number, text)).toEqual([
      'notes.list input: version type changed from number to string',
    ])
  })

  it('number → integer breaks; integer → number widens', () => {
    const number = input({ n: z.number() })
    const integer = input({ n: z.number().int() })
    expect(breaking('input', number, integer)).toEqual([
      'notes.list input: n type changed from number to integer',
    ])
    expect(breaking('input', integer, number)).toEqual([])
  })

  it('nullable removed breaks; nullable added passes', () => {
    const nullable = input({ since: z.string().nullable() })
    const plain = input({ since: z.string() })
    expect(breaking('input', nullable, plain)).toEqual([
      'notes.list input: since no longer accepts null',
    ])
    expect(breaking('input', plain, nullable)).toEqual([])
    expect(additive('input', plain, nullable)).toEqual([
      'notes.list input: since now also accepts null',
    ])
  })

  it('nullable removed from an object breaks (zod writes it as anyOf)', () => {
    const filter = z.object({ tag: z.string() })
    expect(breaking('input', input({ filter: filter.nullable() }), input({ filter }))).toEqual([
      'notes.list input: filter no longer accepts null',
    ])
  })
})

describe('an input enum', () => {
  const roles = (...values: [string, ...string[]]) => input({ role: z.enum(values) })

  it('refusing a value it took breaks', () => {
    expect(breaking('input', roles('user', 'admin'), roles('user'))).toEqual([
      'notes.list input: role enum value "admin" removed',
    ])
  })

  it('taking a new value passes', () => {
    expect(breaking('input', roles('user'), roles('user', 'admin'))).toEqual([])
    expect(additive('input', roles('user'), roles('user', 'admin'))).toEqual([
      'notes.list input: role enum value "admin" added',
    ])
  })

  it('a free string narrowed to an enum breaks; an enum widened to a string passes', () => {
    const free = input({ role: z.string() })
    expect(breaking('input', free, roles('user'))).toEqual([
      'notes.list input: role now limited to "user"',
    ])
    expect(breaking('input', roles('user'), free)).toEqual([])
  })
})

describe('input limits', () => {
  it('a string minimum raised breaks; lowered passes', () => {
    const one = input({ title: z.string().min(1) })
    const three = input({ title: z.string().min(3) })
    expect(breaking('input', one, three)).toEqual([
      'notes.list input: title minLength raised from 1 to 3',
    ])
    expect(breaking('input', three, one)).toEqual([])
    expect(additive('input', three, one)).toEqual([
      'notes.list input: title minLength lowered from 3 to 1',
    ])
  })

  it('a string maximum lowered or added breaks; raised or removed passes', () => {
    const long = input({ title: z.string().max(200) })
    const short = input({ title: z.string().max(100) })
    const free = input({ title: z.string() })
    expect(breaking('input', long, short)).toEqual([
      'notes.list input: title maxLength lowered from 200 to 100',
    ])
    expect(breaking('input', free, short)).toEqual(['notes.list input: title maxLength 100 added'])
    expect(breaking('input', short, long)).toEqual([])
    expect(breaking('input', short, free)).toEqual([])
    expect(additive('input', short, free)).toEqual([
      'notes.list input: title maxLength 100 removed',
    ])
  })

  it('a number range narrowed breaks at either end; widened passes', () => {
    const wide = input({ limit: z.number().int().min(1).max(100) })
    const narrow = input({ limit: z.number().int().min(5).max(50) })
    expect(breaking('input', wide, narrow)).toEqual([
      'notes.list input: limit minimum raised from 1 to 5',
      'notes.list input: limit maximum lowered from 100 to 50',
    ])
    expect(breaking('input', narrow, wide)).toEqual([])
  })

  it('an exclusive bound counts as tighter than the same inclusive one', () => {
    expect(
      breaking('input', input({ n: z.number().min(0) }), input({ n: z.number().positive() })),
    ).toEqual(['notes.list input: n minimum raised from 0 to 0 (exclusive)'])
    expect(
      breaking('input', input({ n: z.number().positive() }), input({ n: z.number().min(0) })),
    ).toEqual([])
  })

  it('an array maximum lowered breaks; raised passes; items are compared too', () => {
    const tags = (max: number, tagMax: number) =>
      input({ tags: z.array(z.string().max(tagMax)).max(max) })
    expect(breaking('input', tags(20, 32), tags(10, 16))).toEqual([
      'notes.list input: tags maxItems lowered from 20 to 10',
      'notes.list input: tags[] maxLength lowered from 32 to 16',
    ])
    expect(breaking('input', tags(10, 16), tags(20, 32))).toEqual([])
  })

  it('a format or pattern added breaks; removed passes', () => {
    const free = input({ id: z.string() })
    const uuid = input({ id: z.uuid() })
    expect(breaking('input', free, uuid)).toEqual(['notes.list input: id format "uuid" added'])
    expect(breaking('input', uuid, free)).toEqual([])
    expect(breaking('input', free, input({ id: z.string().regex(/^[a-z]+$/) }))).toEqual([
      'notes.list input: id pattern /^[a-z]+$/ added',
    ])
  })

  it('no longer accepting unknown fields (a strict object) breaks', () => {
    expect(breaking('input', input({ a: z.string() }), z.strictObject({ a: z.string() }))).toEqual([
      'notes.list input: no longer accepts unknown fields',
    ])
  })
})

describe('input schemas the way Inkwell writes them', () => {
  it('trim, toLowerCase, transforms, pipes and refinements describe the input side, and compare equal', () => {
    const noNul = (s: z.ZodString) => s.refine((value) => !value.includes('\u0000'))
    const tag = noNul(z.string()).trim().toLowerCase().min(1).max(32)
    const tags = z
      .array(tag)
      .transform((list) => [...new Set(list)])
      .pipe(z.array(z.string()).max(20))
    const list = z
      .object({
        id: z.uuid().toLowerCase(),
        tag: tag.optional(),
        tags: tags.default([]),
        search: z
          .string()
          .max(500)
          .transform((s) => s.replaceAll('\u0000', ' '))
          .optional(),
        limit: z.number().int().min(1).max(100).default(20),
      })
      .default({ id: '00000000-0000-0000-0000-000000000000', tags: [], limit: 20 })
    const plain = z.object({
      id: z.uuid(),
      tag: z.string().min(1).max(32).optional(),
      tags: z.array(z.string().min(1).max(32)).optional(),
      search: z.string().max(500).optional(),
      limit: z.number().int().min(1).max(100).optional(),
    })
    expect(changes('input', list, list)).toEqual([])
    // The same contract without the server-side normalising: nothing a client can tell apart.
    expect(breaking('input', list, plain)).toEqual([])
    expect(breaking('input', plain, list)).toEqual([])
  })

  it('ignores the regex zod writes beside a format: a zod upgrade may rewrite it', () => {
    const site = { procedure: 'notes.get', io: 'input' as const }
    const before = {
      type: 'object',
      properties: { id: { type: 'string', format: 'uuid', pattern: '^old$' } },
    }
    const after = {
      type: 'object',
      properties: { id: { type: 'string', format: 'uuid', pattern: '^new$' } },
    }
    expect(compareSchemas(before, after, site)).toEqual([])
  })

  it('reports a changed default as a notice', () => {
    const before = input({ limit: z.number().default(20) })
    expect(breaking('input', before, input({ limit: z.number().default(50) }))).toEqual([])
    expect(additive('input', before, input({ limit: z.number().default(50) }))).toEqual([
      'notes.list input: limit default changed from 20 to 50',
    ])
  })
})
