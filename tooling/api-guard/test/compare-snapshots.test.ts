import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { formatChange, isBreaking } from '../src/change'
import { compareSnapshots } from '../src/compare-snapshots'
import { jsonSchemaOf } from '../src/snapshot'
import type { ApiSnapshot, ProcedureSnapshot } from '../src/snapshot-format'

const note = jsonSchemaOf(z.object({ id: z.string(), title: z.string() }), 'output')
const idInput = jsonSchemaOf(z.object({ id: z.string() }), 'input')
const get: ProcedureSnapshot = { kind: 'query', input: idInput, inputOptional: false, output: note }
const tags: ProcedureSnapshot = { kind: 'query', input: null, output: note }
const api = (procedures: Record<string, ProcedureSnapshot>): ApiSnapshot => ({ procedures })

const breaking = (before: ApiSnapshot, after: ApiSnapshot) =>
  compareSnapshots(before, after).filter(isBreaking).map(formatChange)
const passing = (before: ApiSnapshot, after: ApiSnapshot) =>
  compareSnapshots(before, after)
    .filter((change) => !isBreaking(change))
    .map(formatChange)

describe('compareSnapshots', () => {
  it('finds nothing between equal snapshots', () => {
    expect(compareSnapshots(api({ 'notes.get': get }), api({ 'notes.get': get }))).toEqual([])
  })

  it('a procedure removed breaks; one added passes', () => {
    expect(
      breaking(api({ 'notes.get': get, 'notes.tags': tags }), api({ 'notes.get': get })),
    ).toEqual(['notes.tags: removed (or renamed)'])
    expect(
      breaking(api({ 'notes.get': get }), api({ 'notes.get': get, 'notes.tags': tags })),
    ).toEqual([])
    expect(
      passing(api({ 'notes.get': get }), api({ 'notes.get': get, 'notes.tags': tags })),
    ).toEqual(['notes.tags: added (query)'])
  })

  it('a procedure renamed breaks: the old name is gone', () => {
    expect(breaking(api({ 'notes.get': get }), api({ 'notes.fetch': get }))).toEqual([
      'notes.get: removed (or renamed)',
    ])
  })

  it('a kind changed breaks, both ways round', () => {
    const mutation = { ...get, kind: 'mutation' as const }
    expect(breaking(api({ 'notes.get': get }), api({ 'notes.get': mutation }))).toEqual([
      'notes.get: kind changed from query to mutation',
    ])
    expect(breaking(api({ 'notes.get': mutation }), api({ 'notes.get': get }))).toEqual([
      'notes.get: kind changed from mutation to query',
    ])
  })

  it('an input given to a procedure without one breaks unless it may be left out', () => {
    const required = { ...tags, input: idInput, inputOptional: false }
    const optional = { ...tags, input: idInput, inputOptional: true }
    expect(breaking(api({ 'notes.tags': tags }), api({ 'notes.tags': required }))).toEqual([
      'notes.tags input: added as required',
    ])
    expect(breaking(api({ 'notes.tags': tags }), api({ 'notes.tags': optional }))).toEqual([])
  })

  it('a whole input made required breaks; made optional passes', () => {
    const optional = { ...get, inputOptional: true }
    expect(breaking(api({ 'notes.get': optional }), api({ 'notes.get': get }))).toEqual([
      'notes.get input: now required (was optional: old clients may leave it out)',
    ])
    expect(breaking(api({ 'notes.get': get }), api({ 'notes.get': optional }))).toEqual([])
  })

  it('an input removed breaks: old clients still send it', () => {
    expect(
      breaking(api({ 'notes.get': get }), api({ 'notes.get': { ...get, input: null } })),
    ).toEqual(['notes.get input: removed (old clients still send it)'])
  })

  it('an output schema dropped breaks (anything may come back); one declared passes', () => {
    expect(
      breaking(api({ 'notes.get': get }), api({ 'notes.get': { ...get, output: null } })),
    ).toEqual(['notes.get output: type changed from object to any'])
    expect(
      breaking(api({ 'notes.get': { ...get, output: null } }), api({ 'notes.get': get })),
    ).toEqual([])
  })

  it('a JSON input turned into an unrepresentable one (a FormData upload) breaks', () => {
    const upload = { ...get, input: { 'x-unrepresentable': true } }
    expect(breaking(api({ 'notes.get': get }), api({ 'notes.get': upload }))).toEqual([
      'notes.get input: changed to a shape JSON Schema cannot describe',
    ])
    expect(compareSnapshots(api({ 'notes.get': upload }), api({ 'notes.get': upload }))).toEqual([])
  })
})
