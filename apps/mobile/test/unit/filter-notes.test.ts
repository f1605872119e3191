import type { Note } from '@inkwell/sync'
import { describe, expect, it } from 'vitest'
import { filterNotes, tagCounts } from '../../src/lib/filter-notes'

function note(title: string, content: string, tags: string[], trashed = false): Note {
  return {
    id: title,
    title,
    content,
    tags,
    version: 1,
    createdAt: '2026-11-21T10:00:00.000Z',
    updatedAt: '2026-11-21T10:00:00.000Z',
    deletedAt: trashed ? '2026-11-22T10:00:00.000Z' : null,
  }
}

const notes = [
  note('Groceries', 'Oat milk, lemons', ['home', 'errands']),
  note('Café list', 'Flat white', ['home']),
  note('Quarterly plan', 'Roadmap for the next quarter', ['work']),
  note('Old idea', 'oat cakes', ['home'], true),
]
const titles = (list: Note[]) => list.map((n) => n.title)

describe('filterNotes', () => {
  it('finds notes holding every word, in any case, in the title or the text', () => {
    expect(titles(filterNotes(notes, { search: 'OAT' }))).toEqual(['Groceries'])
    expect(titles(filterNotes(notes, { search: 'quarter roadmap' }))).toEqual(['Quarterly plan'])
    expect(titles(filterNotes(notes, { search: 'oat roadmap' }))).toEqual([])
  })

  it('ignores accents, so "cafe" finds "Café"', () => {
    expect(titles(filterNotes(notes, { search: 'cafe' }))).toEqual(['Café list'])
  })

  it('filters by tag, and combines it with the words', () => {
    expect(titles(filterNotes(notes, { tag: 'home' }))).toEqual(['Groceries', 'Café list'])
    expect(titles(filterNotes(notes, { tag: 'home', search: 'white' }))).toEqual(['Café list'])
  })

  it('keeps the trash apart: live notes by default, only trashed ones when asked', () => {
    expect(titles(filterNotes(notes, {}))).toEqual(['Groceries', 'Café list', 'Quarterly plan'])
    expect(titles(filterNotes(notes, { trashed: true, search: 'oat' }))).toEqual(['Old idea'])
  })
})

describe('tagCounts', () => {
  it('counts the tags of live notes, most used first, then by name', () => {
    expect(tagCounts(notes)).toEqual([
      { tag: 'home', count: 2 },
      { tag: 'errands', count: 1 },
      { tag: 'work', count: 1 },
    ])
  })
})
