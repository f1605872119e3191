import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { appCodeOf } from '@inkwell/client'
import type { Command } from 'commander'
import { type Cli, contextOf } from '../context'
import { CliError, ExitCode } from '../errors'
import { printJson, say } from '../io'
import { normalizeTags } from '../notes/importer'
import { fileNameOf, parseMarkdown, toMarkdown } from '../notes/markdown'
import { jsonOption, uuidArgument } from '../options'

/** `inkwell notes edit <id>`: edit in $VISUAL / $EDITOR, saved only over the version opened. */
export function registerNoteEdit(notes: Command, cli: Cli): void {
  jsonOption(
    notes
      .command('edit')
      .description('edit a note in $VISUAL or $EDITOR (vi by default)')
      .argument('<id>', 'the note id', uuidArgument),
  )
    .addHelpText(
      'after',
      `
The note opens as Markdown with front matter: change the title and tags there, the content
below it. On save the edit is sent with the version it was made from; if the note changed on
the server meanwhile, nothing is overwritten: the command exits 5 and keeps your file.`,
    )
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const ctx = await contextOf(cli, command)
      const client = ctx.client()
      const note = await client.notes.get.query({ id })
      const dir = await mkdtemp(join(tmpdir(), 'inkwell-edit-'))
      const file = join(dir, fileNameOf(note))
      const original = toMarkdown(note)
      await writeFile(file, original, { mode: 0o600 })

      try {
        await runEditor(cli.io.env.VISUAL || cli.io.env.EDITOR || 'vi', file)
      } catch (error) {
        await rm(dir, { recursive: true, force: true })
        throw error
      }
      const edited = await readFile(file, 'utf8')
      const parsed = parseMarkdown(edited, file)
      const changes = {
        ...(parsed.title !== note.title ? { title: parsed.title } : {}),
        ...(parsed.content !== note.content ? { content: parsed.content } : {}),
        ...(normalizeTags(parsed.tags).join('\n') !== note.tags.join('\n')
          ? { tags: normalizeTags(parsed.tags) }
          : {}),
      }
      if (Object.keys(changes).length === 0) {
        await rm(dir, { recursive: true, force: true })
        if (options.json) return printJson(cli.io, note)
        return say(cli.io, 'No changes.')
      }
      try {
        const saved = await client.notes.update.mutate({ id, version: note.version, ...changes })
        await rm(dir, { recursive: true, force: true })
        if (options.json) return printJson(cli.io, saved)
        say(cli.io, `Saved "${saved.title}" (version ${saved.version}).`)
      } catch (error) {
        if (appCodeOf(error) !== 'VERSION_CONFLICT') throw error
        throw new CliError(
          'VERSION_CONFLICT',
          `The note changed on the server after you opened it (version ${note.version}); nothing was overwritten. Your edit is kept in ${file}`,
          ExitCode.conflict,
        )
      }
    })
}

/** Runs the editor (which may carry arguments, `code --wait`) on `file`, attached to the terminal. */
function runEditor(editor: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // The shell splits the editor's own arguments; the file goes in as "$1", never re-parsed.
    const child = spawn('/bin/sh', ['-c', `${editor} "$1"`, 'inkwell-editor', file], {
      stdio: 'inherit',
    })
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new CliError('EDITOR_FAILED', `The editor exited with ${code}; nothing saved`)),
    )
  })
}
