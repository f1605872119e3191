import { useEffect, useState } from 'react'

/**
 * A `blob:` URL for a local file (to preview it before it is uploaded), revoked when the file
 * changes or the component goes away. Null without a file.
 */
export function useObjectUrl(file: Blob | null): string | null {
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    if (!file) {
      setUrl(null)
      return
    }
    const created = URL.createObjectURL(file)
    setUrl(created)
    return () => URL.revokeObjectURL(created)
  }, [file])
  return url
}
