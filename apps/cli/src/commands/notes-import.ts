import type { Command } from 'commander'
import { type Cli, contextOf } from '../context'
import { CliError, describeError, ExitCode } from '../errors'
import { printJson, say } from '../io'
import { type ImportOutcome, importNote } from '../notes/importer'
import { readSources } from '../notes/sources'
import { jsonOption } from '../options'
import { createProgress } from '../progress'
import { withRateLimitRetry } from '../retry'

/** `inkwell notes import <dir|file>`: idempotent and resumable, into the caller's account. */
export function registerNoteImport(notes: Command, cli: Cli): void {
  jsonOption(
    notes
      .command('import')
      .description('import Markdown or JSON Lines notes; running it again creates nothing twice')
      .argument('<path>', 'a folder (searched recursively), a .md file or a .jsonl file'),
  )
    .addHelpText(
      'after',
      `
Markdown: front matter is optional. The title comes from it, else from the first "# " heading,
else from the file name. JSON Lines: one {id?, title?, content?, tags?} object per line.

Idempotent by id: a note found in your account is updated only where it differs, never made
twice, so an interrupted import is resumed by running it again. A note whose id another account
holds (an export from someone else) gets an id derived from yours and the source id, the same
on every run; a note without an id gets one derived from its file name (and line).`,
    )
    .action(async (path: string, options: { json?: boolean }, command: Command) => {
      const ctx = await contextOf(cli, command)
      const client = ctx.client()
      const me = await client.users.me.query()
      const sources = await readSources(path)
      const counts: Record<ImportOutcome, number> = { created: 0, updated: 0, unchanged: 0 }
      const failed = sources.errors.map(({ location, message }) => ({ location, message }))
      const progress = createProgress(cli.io, 'Importing', sources.notes.length)
      try {
        for (const source of sources.notes) {
          try {
            const { outcome, note } = await withRateLimitRetry(
              () => importNote(client, me.id, source),
              (seconds) => say(cli.io, `rate limited by the server: waiting ${seconds}s`),
            )
            counts[outcome]++
            progress.tick(`${outcome} ${note.id} ${source.location}`)
          } catch (error) {
            // The server is gone or the credential died: stop; a re-run picks up from here.
            if (!isPerNoteError(error)) throw error
            failed.push({
              location: source.location,
              message: describeError(error, ctx.settings.url),
            })
            progress.tick(`failed ${source.location}`)
          }
        }
      } finally {
        progress.stop()
      }
      if (options.json) printJson(cli.io, { ...counts, failed })
      else {
        say(
          cli.io,
          `Imported ${sources.notes.length} note(s) from ${path}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${failed.length} failed.`,
        )
        for (const failure of failed) say(cli.io, `  ${failure.location}: ${failure.message}`)
      }
      if (failed.length > 0) {
        throw new CliError(
          'IMPORT_INCOMPLETE',
          `${failed.length} note(s) not imported`,
          ExitCode.error,
        )
      }
    })
}

/** A refusal of this one note (too long, too many tags): report it and go on with the rest. */
function isPerNoteError(error: unknown): boolean {
  const status = (error as { data?: { httpStatus?: number } }).data?.httpStatus
  return status === 400 || status === 409 || status === 413
}
