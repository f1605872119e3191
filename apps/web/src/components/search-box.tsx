import { useEffect, useId, useRef, useState } from 'react'
import { useDebouncedValue } from '../lib/use-debounced-value'

interface SearchBoxProps {
  /** What is searched, e.g. "Search notes": the label and the placeholder. */
  readonly label: string
  readonly value: string
  readonly onSearch: (value: string) => void
}

/** A search field that reports once typing pauses (or on Enter). */
export function SearchBox({ label, value, onSearch }: SearchBoxProps) {
  const id = useId()
  const [text, setText] = useState(value)
  const sent = useRef(value)
  const settled = useDebouncedValue(text, 300)

  const send = (next: string) => {
    if (next === sent.current) return
    sent.current = next
    onSearch(next)
  }

  useEffect(() => {
    if (settled === sent.current) return
    sent.current = settled
    onSearch(settled)
  }, [settled, onSearch])

  // Changed from outside (cleared, back button): show it.
  useEffect(() => {
    if (value === sent.current) return
    sent.current = value
    setText(value)
  }, [value])

  return (
    <search className="search-box">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <svg className="search-icon" viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="9" cy="9" r="6" />
        <path d="m13.5 13.5 4 4" />
      </svg>
      <input
        id={id}
        type="search"
        placeholder={label}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') send(text)
        }}
      />
    </search>
  )
}
