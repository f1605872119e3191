import { describe, expect, it } from 'vitest'
import { type CheckInput, checkSnapshots, formatCheck, mentions } from '../src/check'
import type { ApiSnapshot, ProcedureSnapshot } from '../src/snapshot-format'

const output = (...fields: string[]) => ({
  type: 'object',
  properties: Object.fromEntries(fields.map((field) => [field, { type: 'string' }])),
  required: fields,
})
const proc = (...fields: string[]): ProcedureSnapshot => ({
  kind: 'query',
  input: null,
  output: output(...fields),
})
const api = (procedures: Record<string, ProcedureSnapshot>): ApiSnapshot => ({ procedures })

const before = api({ 'notes.list': proc('id', 'title') })
const renamed = api({ 'notes.list': proc('id', 'heading') })
const added = api({ 'notes.list': proc('id', 'title', 'pinned') })
const base = (snapshot: ApiSnapshot | null, changelogAdded: string[] = []) => ({
  label: 'main (merge base 1234567890)',
  snapshot,
  changelogAdded,
})

describe('checkSnapshots without a base (a fresh clone, CI on main)', () => {
  it('passes when the router matches the snapshot', () => {
    expect(checkSnapshots({ current: before, committed: before })).toMatchObject({
      ok: true,
      drift: [],
    })
  })

  it('passes additive drift, and reports it', () => {
    const result = checkSnapshots({ current: added, committed: before })
    expect(result.ok).toBe(true)
    expect(result.drift).toHaveLength(1)
    expect(
      formatCheck(result, { current: added, committed: before }, 'api-snapshot.json'),
    ).toContain('notes.list output: pinned added')
  })

  it('fails a breaking change the snapshot does not record', () => {
    const input = { current: renamed, committed: before }
    const result = checkSnapshots(input)
    expect(result.ok).toBe(false)
    const report = formatCheck(result, input, 'api-snapshot.json')
    expect(report).toContain('FAIL: 1 breaking change')
    expect(report).toContain('notes.list output: title removed')
    expect(report).toContain('no base to compare with')
  })
})

describe('checkSnapshots against a base', () => {
  it('fails a regenerated snapshot with a breaking change when CHANGELOG.md did not change', () => {
    const input: CheckInput = { current: renamed, committed: renamed, base: base(before) }
    const result = checkSnapshots(input)
    expect(result).toMatchObject({ ok: false, unannounced: ['notes.list'] })
    expect(formatCheck(result, input, 'api-snapshot.json')).toContain(
      'CHANGELOG.md has not changed since the base',
    )
  })

  it('fails when CHANGELOG.md changed but does not name the procedure', () => {
    const input: CheckInput = {
      current: renamed,
      committed: renamed,
      base: base(before, ['- `users.me` answers faster']),
    }
    const result = checkSnapshots(input)
    expect(result.ok).toBe(false)
    expect(formatCheck(result, input, 'api-snapshot.json')).toContain(
      "CHANGELOG.md's new lines do not name notes.list",
    )
  })

  it('passes when the snapshot and CHANGELOG.md changed together', () => {
    const changelog = ['- `notes.list`: `items[].title` is now `heading`.']
    const input: CheckInput = {
      current: renamed,
      committed: renamed,
      base: base(before, changelog),
    }
    const result = checkSnapshots(input)
    expect(result).toMatchObject({ ok: true, unannounced: [] })
    expect(formatCheck(result, input, 'api-snapshot.json')).toContain('announced in CHANGELOG.md')
  })

  it('still fails when the router has moved on from the regenerated snapshot', () => {
    const changelog = ['- notes.list: title renamed']
    const result = checkSnapshots({
      current: before,
      committed: renamed,
      base: base(before, changelog),
    })
    expect(result.ok).toBe(false)
  })

  it('passes additions since the base without a CHANGELOG.md entry', () => {
    expect(checkSnapshots({ current: added, committed: added, base: base(before) }).ok).toBe(true)
  })

  it('compares only the work tree when the base has no snapshot yet', () => {
    const input: CheckInput = { current: before, committed: before, base: base(null) }
    const result = checkSnapshots(input)
    expect(result.ok).toBe(true)
    expect(result.sinceBase).toBeUndefined()
    expect(formatCheck(result, input, 'api-snapshot.json')).toContain('has no snapshot yet')
  })
})

describe('mentions', () => {
  it('finds a procedure named whole, in code or prose', () => {
    expect(mentions(['- `notes.list`: renamed title'], 'notes.list')).toBe(true)
    expect(mentions(['Removed notes.list.'], 'notes.list')).toBe(true)
    expect(mentions(['notes.list, notes.get: ...'], 'notes.get')).toBe(true)
  })

  it('accepts a group with a star', () => {
    expect(mentions(['- `admin.*` now needs an admin session'], 'admin.users.list')).toBe(true)
    expect(mentions(['- admin.users.* moved'], 'admin.users.list')).toBe(true)
  })

  it('does not take a longer or a nested name for it', () => {
    expect(mentions(['- notes.listAll added'], 'notes.list')).toBe(false)
    expect(mentions(['- notes.list.v2 added'], 'notes.list')).toBe(false)
    expect(mentions(['- admin.notes.list'], 'notes.list')).toBe(false)
    expect(mentions(['- notes.*'], 'admin.notes.list')).toBe(false)
  })
})
