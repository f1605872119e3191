import { act, cleanup, renderHook } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useDebouncedValue } from '../../src/lib/use-debounced-value'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

function render(value: string, delayMs = 300) {
  return renderHook(({ value, delayMs }) => useDebouncedValue(value, delayMs), {
    initialProps: { value, delayMs },
  })
}

describe('useDebouncedValue', () => {
  it('starts with the value it is given', () => {
    expect(render('oat').result.current).toBe('oat')
  })

  it('follows the value once it has stopped changing for the delay', () => {
    const hook = render('o')
    hook.rerender({ value: 'oa', delayMs: 300 })
    act(() => vi.advanceTimersByTime(299))
    expect(hook.result.current).toBe('o')
    act(() => vi.advanceTimersByTime(1))
    expect(hook.result.current).toBe('oa')
  })

  it('skips the values typed in between: each change starts the wait again', () => {
    const hook = render('o')
    for (const value of ['oa', 'oat', 'oat ', 'oat m']) {
      hook.rerender({ value, delayMs: 300 })
      act(() => vi.advanceTimersByTime(200))
      expect(hook.result.current).toBe('o')
    }
    act(() => vi.advanceTimersByTime(100))
    expect(hook.result.current).toBe('oat m')
  })

  it('never delivers a value after it is unmounted', () => {
    const hook = render('o')
    hook.rerender({ value: 'oat', delayMs: 300 })
    hook.unmount()
    expect(vi.getTimerCount()).toBe(0)
  })
})
