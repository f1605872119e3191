import { act, cleanup, renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useCursorPages } from '../../src/pages/admin/use-cursor-pages'

afterEach(cleanup)

describe('useCursorPages', () => {
  it('starts on page 1, with no cursor and nothing before it', () => {
    const { result } = renderHook(() => useCursorPages())
    expect(result.current).toMatchObject({ page: 1, cursor: undefined, hasPrevious: false })
  })

  it('goes forward with each next cursor, and back exactly the way it came', () => {
    const { result } = renderHook(() => useCursorPages())
    act(() => result.current.next('after-20'))
    expect(result.current).toMatchObject({ page: 2, cursor: 'after-20', hasPrevious: true })
    act(() => result.current.next('after-40'))
    expect(result.current).toMatchObject({ page: 3, cursor: 'after-40', hasPrevious: true })

    act(() => result.current.previous())
    expect(result.current).toMatchObject({ page: 2, cursor: 'after-20', hasPrevious: true })
    act(() => result.current.previous())
    expect(result.current).toMatchObject({ page: 1, cursor: undefined, hasPrevious: false })
  })

  it('starts over on reset (a new search)', () => {
    const { result } = renderHook(() => useCursorPages())
    act(() => result.current.next('after-20'))
    act(() => result.current.next('after-40'))
    act(() => result.current.reset())
    expect(result.current).toMatchObject({ page: 1, cursor: undefined, hasPrevious: false })
  })
})
