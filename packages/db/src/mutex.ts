/** A first-come, first-served async lock. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve()

  /** Resolves, once the lock is ours, with the function that releases it. */
  lock(): Promise<() => void> {
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const acquired = this.#tail.then(() => release)
    this.#tail = this.#tail.then(() => held)
    return acquired
  }
}
