/** A first-come, first-served async lock. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve()
  #waiting = 0
  #locked = false

  /** Callers waiting for the lock (not counting the one holding it). */
  get waiting(): number {
    return this.#waiting
  }

  /** True while someone holds the lock. */
  get locked(): boolean {
    return this.#locked
  }

  /** Resolves, once the lock is ours, with the function that releases it. */
  lock(): Promise<() => void> {
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    this.#waiting++
    const acquired = this.#tail.then(() => {
      this.#waiting--
      this.#locked = true
      let released = false
      return () => {
        if (released) return
        released = true
        this.#locked = false
        release()
      }
    })
    this.#tail = this.#tail.then(() => held)
    return acquired
  }
}
