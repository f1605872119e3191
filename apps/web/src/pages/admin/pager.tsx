interface PagerProps {
  readonly page: number
  readonly hasPrevious: boolean
  readonly hasNext: boolean
  readonly onPrevious: () => void
  readonly onNext: () => void
}

/** Previous / next, with the page number between. */
export function Pager({ page, hasPrevious, hasNext, onPrevious, onNext }: PagerProps) {
  if (!hasPrevious && !hasNext) return null
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="btn btn-small" onClick={onPrevious} disabled={!hasPrevious}>
        <span aria-hidden="true">←</span> Previous
      </button>
      <span className="muted" aria-current="page">
        Page {page}
      </span>
      <button type="button" className="btn btn-small" onClick={onNext} disabled={!hasNext}>
        Next <span aria-hidden="true">→</span>
      </button>
    </nav>
  )
}
