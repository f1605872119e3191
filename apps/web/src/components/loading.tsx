interface LoadingProps {
  readonly label?: string
}

/** A spinner with words, announced politely. */
export function Loading({ label = 'Loading…' }: LoadingProps) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  )
}
