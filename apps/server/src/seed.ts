import { AppError, createCaller, createContext, requestMeta } from '@inkwell/api'
import { migrate } from '@inkwell/db'
import { ConfigError, loadConfig } from './config'
import { createLogger } from './logger'
import { openServerResources } from './server-resources'

// `pnpm db:seed`: a demo account with a few hundred notes, through the API itself (so every
// rule applies). Run it again and it adds nothing.
const DEMO = { email: 'demo@inkwell.local', password: 'inkwell-demo-passphrase', name: 'Demo User' }
const NOTES = 300
const TOPICS = [
  'work',
  'ideas',
  'reading',
  'travel',
  'recipes',
  'health',
  'finance',
  'journal',
  'music',
  'garden',
]
const WORDS =
  'the quick brown fox jumps over a lazy dog while planning tomorrow meetings reading books cooking pasta running early walking by the river writing notes about postgres typescript gardens budgets trips songs'.split(
    ' ',
  )

function sentence(seed: number, length: number): string {
  return Array.from({ length }, (_, i) => WORDS[(seed * 7 + i * 13) % WORDS.length]).join(' ')
}

try {
  const config = loadConfig({ ...process.env, RATE_LIMITS: 'off', NODE_ENV: 'development' })
  const resources = openServerResources(config, createLogger('warn'))
  try {
    await migrate(resources.db.kysely)
    // The demo's verification mail is enqueued; a server with workers sends it.
    await resources.startJobs({ worker: false })
    const caller = (token?: string) =>
      createCaller(
        createContext({
          deps: resources.api,
          req: requestMeta(token ? { authorization: `Bearer ${token}`, userAgent: 'seed' } : {}),
        }),
      )
    const issued = await caller()
      .auth.register(DEMO)
      .catch((error: unknown) => {
        if (error instanceof AppError && error.appCode === 'EMAIL_TAKEN') return null
        throw error
      })
    if (!issued) {
      console.log(`The demo account exists already: ${DEMO.email} / ${DEMO.password}`)
    } else {
      const notes = caller(issued.session.token).notes
      for (let i = 0; i < NOTES; i++) {
        const tags = [
          TOPICS[i % TOPICS.length]!,
          ...(i % 3 === 0 ? [TOPICS[(i * 7) % TOPICS.length]!] : []),
        ]
        const note = await notes.create({
          title: `${sentence(i, 3)} #${i + 1}`,
          content: Array.from({ length: 1 + (i % 4) }, (_, p) => sentence(i + p, 24)).join('\n\n'),
          tags,
        })
        if (i % 25 === 0) await notes.delete({ id: note.id })
      }
      console.log(`Seeded ${NOTES} notes for ${DEMO.email} / ${DEMO.password}`)
    }
  } finally {
    await resources.close()
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
}
