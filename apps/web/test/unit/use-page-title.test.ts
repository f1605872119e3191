import { cleanup, renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { usePageTitle } from '../../src/lib/use-page-title'

afterEach(cleanup)

describe('usePageTitle', () => {
  it('names the page, then the app, in the tab', () => {
    const hook = renderHook(({ title }) => usePageTitle(title), {
      initialProps: { title: 'Notes' },
    })
    expect(document.title).toBe('Notes · Inkwell')
    hook.rerender({ title: 'Trash' })
    expect(document.title).toBe('Trash · Inkwell')
  })

  it('shows the app’s name alone for a page without a title', () => {
    renderHook(() => usePageTitle(''))
    expect(document.title).toBe('Inkwell')
  })
})
