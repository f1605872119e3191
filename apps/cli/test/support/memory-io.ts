import { PassThrough, Writable } from 'node:stream'
import type { Io } from '../../src/io'

/** An Io in memory: what a command printed, with no process of its own. */
export function memoryIo(env: Record<string, string> = {}) {
  let stdout = ''
  let stderr = ''
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk))
        done()
      },
    })
  const stdin = new PassThrough()
  stdin.end()
  const io: Io = {
    stdin,
    stdout: sink((text) => {
      stdout += text
    }),
    stderr: sink((text) => {
      stderr += text
    }),
    env,
  }
  return { io, stdout: () => stdout, stderr: () => stderr }
}
