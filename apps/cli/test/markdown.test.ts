import { describe, expect, it } from 'vitest'
import { candidateIds, IMPORT_NAMESPACE } from '../src/notes/importer'
import { fileNameOf, firstHeading, parseMarkdown, toMarkdown } from '../src/notes/markdown'
import { uuidV5 } from '../src/uuid-v5'

const note = {
  id: '0f4a3c1e-5b2d-4e8f-9a7b-1c2d3e4f5a6b',
  title: 'Groceries',
  content: 'oat milk\n',
  tags: ['home'],
  createdAt: '2026-11-21T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:00.000Z',
}

describe('toMarkdown / parseMarkdown', () => {
  it('writes YAML front matter and gives the note back unchanged', () => {
    const text = toMarkdown(note)
    expect(text).toBe(
      '---\nid: 0f4a3c1e-5b2d-4e8f-9a7b-1c2d3e4f5a6b\ntitle: Groceries\ntags:\n  - home\ncreatedAt: 2026-11-21T10:00:00.000Z\nupdatedAt: 2026-11-22T10:00:00.000Z\n---\noat milk\n',
    )
    expect(parseMarkdown(text, 'x.md')).toEqual({
      id: note.id,
      title: 'Groceries',
      content: 'oat milk\n',
      tags: ['home'],
    })
  })

  it.each([
    'yes',
    '123',
    'a: b',
    '---',
    '# not a heading',
    'it\'s "quoted"',
    '  spaced  ',
    'emoji 🗒️',
  ])('round-trips the title %j', (title) => {
    const parsed = parseMarkdown(toMarkdown({ ...note, title, tags: [] }), 'x.md')
    expect(parsed.title).toBe(title.trim())
  })

  it('round-trips content that looks like front matter or is empty', () => {
    for (const content of ['', '---\nnot: front matter\n---\n', '\n\nlead', 'no newline']) {
      expect(parseMarkdown(toMarkdown({ ...note, content }), 'x.md').content).toBe(content)
    }
  })

  it('takes the title from the first # heading, else from the file name', () => {
    expect(parseMarkdown('intro\n\n# Heading one #\n\n# Second', 'f.md').title).toBe('Heading one')
    expect(parseMarkdown('```\n# in code\n```\n# Real', 'f.md').title).toBe('Real')
    expect(parseMarkdown('## only level two', 'dir/My notes.md').title).toBe('My notes')
    expect(parseMarkdown('---\ntags: a, b\n---\n# From heading', 'f.md')).toMatchObject({
      id: undefined,
      title: 'From heading',
      tags: ['a', 'b'],
      content: '# From heading',
    })
  })

  it('reads Windows line endings and empty front matter', () => {
    expect(parseMarkdown('---\r\ntitle: CRLF\r\n---\r\nbody', 'f.md')).toMatchObject({
      title: 'CRLF',
      content: 'body',
    })
    expect(parseMarkdown('---\n---\nbody', 'named.md')).toMatchObject({
      title: 'named',
      content: 'body',
    })
  })

  it('refuses front matter that is not a mapping', () => {
    expect(() => parseMarkdown('---\n- a list\n---\nbody', 'f.md')).toThrow(/not a YAML mapping/)
  })

  it('finds no heading where there is none', () => {
    expect(firstHeading('#hashtag\ntext')).toBeUndefined()
  })
})

describe('fileNameOf', () => {
  it('is a slug of the title and the start of the id', () => {
    expect(fileNameOf({ id: note.id, title: 'Plan: Q3 / Q4? Café' })).toBe(
      'plan-q3-q4-cafe-0f4a3c1e.md',
    )
    expect(fileNameOf({ id: note.id, title: '!!!' })).toBe('note-0f4a3c1e.md')
  })
})

describe('ids', () => {
  it('uuidV5 matches RFC 9562 (www.example.com in the DNS namespace)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    )
  })

  it('tries the source id first, then one derived from (account, source id)', () => {
    const source = {
      location: 'a.md',
      id: note.id.toUpperCase(),
      title: 't',
      content: '',
      tags: [],
    }
    const [first, second] = candidateIds('user-1', source)
    expect(first).toBe(note.id)
    expect(second).toBe(uuidV5(`user-1:${note.id}`, IMPORT_NAMESPACE))
    expect(candidateIds('user-2', source)[1]).not.toBe(second)
    expect(candidateIds('user-1', source)).toEqual([first, second])
  })

  it('derives the id of a note without one from its location, per account', () => {
    const source = { location: 'notes/a.md', id: undefined, title: 't', content: '', tags: [] }
    expect(candidateIds('user-1', source)).toEqual([
      uuidV5('user-1:path:notes/a.md', IMPORT_NAMESPACE),
    ])
    expect(candidateIds('user-1', { ...source, id: 'legacy-7' })).toEqual([
      uuidV5('user-1:id:legacy-7', IMPORT_NAMESPACE),
    ])
  })
})
