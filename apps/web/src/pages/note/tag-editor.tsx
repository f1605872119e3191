import { type KeyboardEvent, useId, useState } from 'react'
import { normalizeTag } from './draft'

interface TagEditorProps {
  readonly tags: readonly string[]
  readonly onChange: (tags: string[]) => void
  readonly disabled?: boolean
}

const MAX_TAGS = 20

/** Tags as removable chips, and a field that adds one on Enter or comma. */
export function TagEditor({ tags, onChange, disabled }: TagEditorProps) {
  const id = useId()
  const [text, setText] = useState('')

  const add = () => {
    const tag = normalizeTag(text)
    setText('')
    if (tag && !tags.includes(tag) && tags.length < MAX_TAGS) onChange([...tags, tag])
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault()
      add()
    } else if (event.key === 'Backspace' && text === '' && tags.length > 0) {
      onChange(tags.slice(0, -1))
    }
  }

  return (
    <div className="tag-editor">
      <ul className="tag-list" aria-label="Tags">
        {tags.map((tag) => (
          <li key={tag} className="tag tag-removable">
            #{tag}
            {!disabled && (
              <button
                type="button"
                className="tag-remove"
                aria-label={`Remove tag ${tag}`}
                onClick={() => onChange(tags.filter((t) => t !== tag))}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!disabled && tags.length < MAX_TAGS && (
        <>
          <label htmlFor={id} className="visually-hidden">
            Add a tag
          </label>
          <input
            id={id}
            className="tag-input"
            placeholder={tags.length ? 'Add tag' : 'Add tags (Enter to add)'}
            value={text}
            maxLength={32}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            onBlur={add}
          />
        </>
      )}
    </div>
  )
}
