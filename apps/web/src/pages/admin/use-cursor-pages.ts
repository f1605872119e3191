import { useState } from 'react'

/**
 * Previous / next over keyset pages: the cursors of the pages seen so far, so "previous"
 * goes back exactly. `reset()` starts over (a new search).
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<readonly (string | undefined)[]>([undefined])
  const index = cursors.length - 1
  return {
    cursor: cursors[index],
    page: index + 1,
    hasPrevious: index > 0,
    next: (cursor: string) => setCursors([...cursors, cursor]),
    previous: () => setCursors(cursors.slice(0, -1)),
    reset: () => setCursors([undefined]),
  }
}
