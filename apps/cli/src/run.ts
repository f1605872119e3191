import { CommanderError } from 'commander'
import type { Cli } from './context'
import { describeError, ExitCode, exitCodeOf } from './errors'
import type { Io } from './io'
import { createProgram } from './program'

/**
 * Runs one `inkwell` invocation and returns its exit code. Every failure is reported as one
 * line on stderr (the app code and message), never a stack trace.
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2), processIo())
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const cli: Cli = { io, url: undefined }
  const program = createProgram(cli)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return ExitCode.ok
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the help or the usage error.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage
    }
    io.stderr.write(`inkwell: ${describeError(error, cli.url ?? 'the server')}\n`)
    return exitCodeOf(error)
  }
}
