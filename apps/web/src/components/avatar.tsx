import { useState } from 'react'

interface AvatarProps {
  /** Whose picture: its alt text, and the initials shown when there is none. */
  readonly name: string
  /** `avatarUrl` from the API (relative to this origin), or null. */
  readonly url: string | null
  readonly size?: 'small' | 'large'
}

/**
 * A person's picture, or their initials when they have none (or it fails to load). The
 * initials are decoration: the name is always written beside them.
 */
export function Avatar({ name, url, size = 'small' }: AvatarProps) {
  const [failed, setFailed] = useState<string | null>(null)
  const pixels = size === 'large' ? 96 : 32
  if (url && failed !== url) {
    return (
      <img
        className={`avatar avatar-${size}`}
        src={url}
        alt={name}
        width={pixels}
        height={pixels}
        onError={() => setFailed(url)}
      />
    )
  }
  return (
    <span className={`avatar avatar-${size} avatar-initials`} aria-hidden="true">
      {initials(name)}
    </span>
  )
}

/** `Ada King Lovelace` -> `AL`; `Ada` -> `A`. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const first = [...(words[0] ?? '')][0] ?? ''
  const last = words.length > 1 ? ([...(words[words.length - 1] ?? '')][0] ?? '') : ''
  return `${first}${last}`.toLocaleUpperCase()
}
