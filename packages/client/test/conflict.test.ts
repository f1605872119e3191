import { expect, it } from 'vitest'
import { appCodeOf, conflictingNoteOf, createClient } from '../src'
import { useListeningServer } from './support'

const server = useListeningServer()

it('hands an offline client the note as the server has it on VERSION_CONFLICT', async () => {
  const { session } = await createClient({ url: server.url() }).auth.register.mutate({
    email: 'conflict@example.com',
    password: 'a long passphrase',
    name: 'Conflicted',
  })
  const inkwell = createClient({ url: server.url(), token: session.token })
  const note = await inkwell.notes.create.mutate({ title: 'Shared', content: 'v1', tags: ['a'] })
  const theirs = await inkwell.notes.update.mutate({ id: note.id, version: 1, content: 'theirs' })

  const error = await inkwell.notes.update
    .mutate({ id: note.id, version: 1, content: 'mine' })
    .catch((e: unknown) => e)
  expect(appCodeOf(error)).toBe('VERSION_CONFLICT')
  expect(conflictingNoteOf(error)).toEqual(theirs)

  const other = await inkwell.notes.get.query({ id: crypto.randomUUID() }).catch((e: unknown) => e)
  expect(conflictingNoteOf(other)).toBeNull()
})
