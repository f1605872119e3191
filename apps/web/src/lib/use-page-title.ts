import { useEffect } from 'react'

/** Sets the tab's title: "Notes · Inkwell". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Inkwell` : 'Inkwell'
  }, [title])
}
