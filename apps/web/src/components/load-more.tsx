import { useEffect, useRef } from 'react'

interface LoadMoreProps {
  readonly hasMore: boolean
  readonly loading: boolean
  readonly onLoadMore: () => void
}

/**
 * The end of an endless list: loads the next page as it scrolls into view, and is also a
 * plain button for keyboards and for when there is nothing to scroll.
 */
export function LoadMore({ hasMore, loading, onLoadMore }: LoadMoreProps) {
  const ref = useRef<HTMLDivElement>(null)
  const latest = useRef(onLoadMore)
  latest.current = onLoadMore

  useEffect(() => {
    const element = ref.current
    if (!element || !hasMore || loading) return
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) latest.current()
      },
      { rootMargin: '400px 0px' },
    )
    observer.observe(element)
    return () => observer.disconnect()
  }, [hasMore, loading])

  if (!hasMore) return null
  return (
    <div ref={ref} className="load-more">
      <button type="button" className="btn" onClick={onLoadMore} disabled={loading}>
        {loading ? 'Loading more…' : 'Load more'}
      </button>
    </div>
  )
}
