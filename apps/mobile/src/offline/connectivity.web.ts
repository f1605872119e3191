/**
 * Calls `onChange` with the browser's connectivity now and on every change (`online` and
 * `offline` events). Returns the function that stops watching.
 */
export function watchConnectivity(onChange: (online: boolean) => void): () => void {
  const online = () => onChange(true)
  const offline = () => onChange(false)
  onChange(globalThis.navigator?.onLine ?? true)
  globalThis.addEventListener('online', online)
  globalThis.addEventListener('offline', offline)
  return () => {
    globalThis.removeEventListener('online', online)
    globalThis.removeEventListener('offline', offline)
  }
}
