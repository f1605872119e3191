import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { type Cli, contextOf } from '../context'
import { type Io, out, printJson, readStdin, say } from '../io'
import { toMarkdown } from '../notes/markdown'
import { collectNotes } from '../notes/pages'
import { collect, jsonOption, pagingOptions, uuidArgument, wanted } from '../options'
import { shortTime, table } from '../table'
import { registerNoteEdit } from './notes-edit'
import { registerNoteExport } from './notes-export'
import { registerNoteImport } from './notes-import'

/** `inkwell notes …`: list, read, write, trash, restore, edit, export and import notes. */
export function registerNotesCommands(program: Command, cli: Cli): void {
  const notes = program.command('notes').description('your notes')

  pagingOptions(
    jsonOption(
      notes
        .command('list')
        .description('list notes, most recently changed first')
        .option('--tag <tag>', 'only notes with this tag')
        .option('--search <text>', 'full-text search (web-search syntax: "a phrase", or, -word)')
        .option('--trashed', 'list the trash instead'),
    ),
  ).action(
    async (
      options: {
        tag?: string
        search?: string
        trashed?: boolean
        limit?: number
        all?: boolean
        json?: boolean
      },
      command: Command,
    ) => {
      const ctx = await contextOf(cli, command)
      const items = await collectNotes(
        ctx.client(),
        {
          ...(options.tag ? { tag: options.tag } : {}),
          ...(options.search ? { search: options.search } : {}),
          trashed: options.trashed === true,
        },
        wanted(options),
      )
      if (options.json) return printJson(cli.io, items)
      if (items.length === 0) return say(cli.io, 'No notes.')
      for (const line of table(items, [
        { heading: 'ID', cell: (n) => n.id },
        { heading: 'UPDATED', cell: (n) => shortTime(n.updatedAt) },
        { heading: 'TITLE', cell: (n) => n.title, max: 48 },
        { heading: 'TAGS', cell: (n) => n.tags.join(', ') },
      ]))
        out(cli.io, line)
    },
  )

  jsonOption(
    notes
      .command('get')
      .description('print a note (Markdown with front matter, as `notes export` writes it)')
      .argument('<id>', 'the note id', uuidArgument),
  ).action(async (id: string, options: { json?: boolean }, command: Command) => {
    const ctx = await contextOf(cli, command)
    const note = await ctx.client().notes.get.query({ id })
    if (options.json) return printJson(cli.io, note)
    out(cli.io, toMarkdown(note).replace(/\n$/, ''))
  })

  jsonOption(
    notes
      .command('create')
      .description('create a note; its content comes from --file or stdin')
      .requiredOption('--title <title>', 'the title')
      .option('--tag <tag>', 'a tag (repeat for more)', collect, [])
      .option('--file <path>', 'read the content from this file (- for stdin)'),
  )
    .addHelpText(
      'after',
      `\nExample:\n  echo 'oat milk, lemons' | inkwell notes create --title Groceries --tag home`,
    )
    .action(
      async (
        options: { title: string; tag: string[]; file?: string; json?: boolean },
        command: Command,
      ) => {
        const ctx = await contextOf(cli, command)
        const client = ctx.client()
        const content = await readContent(cli.io, options.file)
        const note = await client.notes.create.mutate({
          title: options.title,
          content,
          tags: options.tag,
        })
        if (options.json) return printJson(cli.io, note)
        out(cli.io, note.id)
        say(cli.io, `Created "${note.title}".`)
      },
    )

  registerTrashCommand(notes, cli, 'rm', 'move a note to the trash', 'delete', 'Moved to the trash')
  registerTrashCommand(notes, cli, 'restore', 'take a note out of the trash', 'restore', 'Restored')
  registerNoteEdit(notes, cli)
  registerNoteExport(notes, cli)
  registerNoteImport(notes, cli)
}

function registerTrashCommand(
  notes: Command,
  cli: Cli,
  name: string,
  description: string,
  procedure: 'delete' | 'restore',
  done: string,
): void {
  jsonOption(
    notes.command(name).description(description).argument('<id>', 'the note id', uuidArgument),
  ).action(async (id: string, options: { json?: boolean }, command: Command) => {
    const ctx = await contextOf(cli, command)
    const note = await ctx.client().notes[procedure].mutate({ id })
    if (options.json) return printJson(cli.io, note)
    say(cli.io, `${done}: "${note.title}".`)
  })
}

/** The content of a new note: the file, or stdin when it is piped (nothing from a terminal). */
async function readContent(io: Io, file: string | undefined): Promise<string> {
  if (file === '-') return readStdin(io)
  if (file) return readFile(file, 'utf8')
  return io.stdin.isTTY ? '' : readStdin(io)
}
