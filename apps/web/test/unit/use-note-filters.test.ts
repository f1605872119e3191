import { act, cleanup, renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useNoteFilters } from '../../src/pages/notes/use-note-filters'

afterEach(cleanup)

/** Opens the notes list at this address, as a shared link or the back button would. */
function openAt(path: string) {
  history.replaceState(null, '', path)
  return renderHook(() => useNoteFilters())
}

describe('useNoteFilters', () => {
  it('reads the search and the tag from the address', () => {
    const { result } = openAt('/notes?q=oat+milk&tag=home')
    expect(result.current[0]).toEqual({ search: 'oat milk', tag: 'home' })
  })

  it('has no search and no tag on a bare address', () => {
    const { result } = openAt('/notes')
    expect(result.current[0]).toEqual({ search: '', tag: null })
  })

  it('writes a change into the address, keeping the other filter', () => {
    const { result } = openAt('/notes?q=milk')
    act(() => result.current[1]({ tag: 'home' }))
    expect(location.pathname).toBe('/notes')
    expect(new URLSearchParams(location.search).get('q')).toBe('milk')
    expect(new URLSearchParams(location.search).get('tag')).toBe('home')
    expect(result.current[0]).toEqual({ search: 'milk', tag: 'home' })

    act(() => result.current[1]({ tag: null }))
    expect(location.search).toBe('?q=milk')
    expect(result.current[0]).toEqual({ search: 'milk', tag: null })
  })

  it('drops a blank search from the address', () => {
    const { result } = openAt('/notes?q=milk&tag=home')
    act(() => result.current[1]({ search: '   ' }))
    expect(location.search).toBe('?tag=home')
    act(() => result.current[1]({ tag: null }))
    expect(location.search).toBe('')
    expect(result.current[0]).toEqual({ search: '', tag: null })
  })

  it('replaces the history entry instead of adding one per keystroke', () => {
    const { result } = openAt('/notes')
    const entries = history.length
    act(() => result.current[1]({ search: 'o' }))
    act(() => result.current[1]({ search: 'oa' }))
    act(() => result.current[1]({ search: 'oat' }))
    expect(history.length).toBe(entries)
    expect(location.search).toBe('?q=oat')
  })
})
