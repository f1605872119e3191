import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Command, Option } from 'commander'
import { type Cli, contextOf } from '../context'
import { printJson, say } from '../io'
import { fileNameOf, toMarkdown } from '../notes/markdown'
import { notePages } from '../notes/pages'
import { jsonOption } from '../options'
import { createProgress } from '../progress'

/** `inkwell notes export <dir>`: every live note, as Markdown files or one JSON Lines file. */
export function registerNoteExport(notes: Command, cli: Cli): void {
  jsonOption(
    notes
      .command('export')
      .description('write every note to a folder: one Markdown file each, or JSON Lines')
      .argument('<dir>', 'the folder (created if missing); files of the same notes are overwritten')
      .addOption(
        new Option('--format <format>', 'md: one file per note; jsonl: notes.jsonl')
          .choices(['md', 'jsonl'])
          .default('md'),
      ),
  )
    .addHelpText(
      'after',
      `
Each Markdown file has YAML front matter (id, title, tags, createdAt, updatedAt) and the
content below it, unchanged. \`inkwell notes import\` reads both formats back.`,
    )
    .action(
      async (
        dir: string,
        options: { format: 'md' | 'jsonl'; json?: boolean },
        command: Command,
      ) => {
        const ctx = await contextOf(cli, command)
        const client = ctx.client()
        await mkdir(dir, { recursive: true })
        const progress = createProgress(cli.io, 'Exporting')
        const taken = new Set<string>()
        const lines: string[] = []
        let count = 0
        try {
          for await (const page of notePages(client, { trashed: false })) {
            progress.setTotal(count + page.length)
            for (const note of page) {
              count++
              if (options.format === 'jsonl') {
                const { id, title, content, tags, createdAt, updatedAt } = note
                lines.push(JSON.stringify({ id, title, content, tags, createdAt, updatedAt }))
                progress.tick(`exported ${note.id}`)
                continue
              }
              // Two notes whose slug and id prefix collide: the second gets its whole id.
              let name = fileNameOf(note)
              if (taken.has(name)) name = `${note.id}.md`
              taken.add(name)
              await writeFile(join(dir, name), toMarkdown(note))
              progress.tick(`exported ${note.id} ${name}`)
            }
          }
          if (options.format === 'jsonl') {
            await writeFile(join(dir, 'notes.jsonl'), lines.map((line) => `${line}\n`).join(''))
          }
        } finally {
          progress.stop()
        }
        if (options.json) return printJson(cli.io, { exported: count, dir, format: options.format })
        say(cli.io, `Exported ${count} note${count === 1 ? '' : 's'} to ${dir}.`)
      },
    )
}
