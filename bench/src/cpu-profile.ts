import { existsSync, readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The parts of a V8 `.cpuprofile` (as `node --cpu-prof` writes it) that a summary needs. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number
    readonly callFrame: {
      readonly functionName: string
      readonly url: string
      readonly lineNumber: number
      readonly columnNumber: number
    }
    readonly children?: readonly number[]
  }[]
  readonly startTime: number
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

/** A stretch of the monotonic clock, in µs (the clock profile samples are stamped with). */
export interface Window {
  readonly fromUs: number
  readonly toUs: number
}

/** A frame, located: `file` is repo-relative (mapped back to TypeScript for the bundled server). */
export interface Frame {
  readonly name: string
  readonly file: string
  readonly line: number
  /** Package or runtime part: `zod`, `pg`, `@inkwell/api`, `node:net`, `GC`, `V8 built-ins` … */
  readonly category: string
}

export interface Share {
  readonly name: string
  readonly location: string
  readonly category: string
  /** Of the main thread's busy samples outside system calls, 0..1. */
  readonly share: number
}

/** A stage of the request path, matched anywhere on the stack (so stages may overlap). */
export interface Stage {
  readonly name: string
  readonly matches: (frame: Frame) => boolean
}

export interface ProfileSummary {
  /** Profiled wall time (within the window), seconds. */
  readonly seconds: number
  /** Samples in the window. */
  readonly samples: number
  /** Share of the samples that found the main thread busy (not idle). */
  readonly busy: number
  /**
   * Share of the busy samples that landed in a system call (`writev`, `getpeername` …). The
   * shares below leave these out: they are over-sampled on a busy machine (a thread preempted
   * on its way out of the kernel is sampled there when it runs again), and /proc measures the
   * time in the kernel directly.
   */
  readonly syscalls: number
  /** Self time by function, highest first. */
  readonly functions: readonly Share[]
  /** Self time by package, with V8 built-ins (JSON, RegExp, Array methods…) charged to their caller. */
  readonly categories: readonly Share[]
  /** Inclusive time of each stage given (any frame of the stage on the stack). */
  readonly stages: readonly Share[]
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)'])
/** Native bindings that are one system call: their samples are time in the kernel. */
const SYSCALL =
  /^(writev|writeBuffer|write\w*String|getpeername|getsockname|open|close|read|fstat|openFileHandle)$/

/**
 * Summarises a `.cpuprofile`: where the main thread's time went, by function, by package and
 * by the stages given. Frames of a bundled file are mapped through its `.map` when there is one.
 *
 * @example
 * const summary = summariseProfile('CPU.20261122.cpuprofile')
 * console.log(summary.categories.slice(0, 5))
 */
export function summariseProfile(
  path: string,
  stages: readonly Stage[] = [],
  window: Window = { fromUs: 0, toUs: Number.POSITIVE_INFINITY },
): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id)
  const locate = locator()
  const frames = new Map<number, Frame>()
  const frameOf = (id: number): Frame => {
    let frame = frames.get(id)
    if (!frame) {
      const call = byId.get(id)!.callFrame
      const where = locate(call.url, call.lineNumber, call.columnNumber)
      frame = {
        name: call.functionName || '(anonymous)',
        ...where,
        category: categoryOf(call.functionName, where.file),
      }
      frames.set(id, frame)
    }
    return frame
  }

  // Each sample counts once, whatever the gap before the next: the sampler signals the main
  // thread every interval, but a thread the OS has preempted takes one (coalesced) sample when
  // it runs again, so weighting by the gaps would charge time spent waiting for a CPU to
  // whatever ran last (often a syscall such as writev) on a busy machine. Counts track CPU time.
  const self = new Map<number, number>()
  let total = 0
  let stamp = profile.startTime
  let first = Number.NaN
  let last = Number.NaN
  profile.samples.forEach((id, i) => {
    stamp += profile.timeDeltas[i] ?? 0
    if (stamp < window.fromUs || stamp >= window.toUs) return
    if (Number.isNaN(first)) first = stamp
    last = stamp
    self.set(id, (self.get(id) ?? 0) + 1)
    total += 1
  })

  const functions = new Map<string, { frame: Frame; time: number }>()
  const categories = new Map<string, number>()
  const stageTimes = stages.map(() => 0)
  let idle = 0
  let syscalls = 0
  for (const [id, time] of self) {
    const frame = frameOf(id)
    if (frame.name === '(idle)') {
      idle += time
      continue
    }
    if (frame.file === '' && SYSCALL.test(frame.name)) {
      syscalls += time
      continue
    }
    const key = `${frame.name}@${frame.file}:${frame.line}`
    const entry = functions.get(key) ?? { frame, time: 0 }
    entry.time += time
    functions.set(key, entry)

    // Charge a built-in to its nearest caller that has a source; note the stages on the stack.
    let owner: Frame | undefined
    const onStack = new Set<number>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = frameOf(at)
      if (!owner && (f.file !== '' || SPECIAL.has(f.name)) && f.name !== '(root)') owner = f
      stages.forEach((stage, i) => {
        if (stage.matches(f)) onStack.add(i)
      })
    }
    const charged = (owner ?? frame).category
    categories.set(charged, (categories.get(charged) ?? 0) + time)
    for (const i of onStack) stageTimes[i]! += time
  }

  const busy = total - idle
  const userSpace = busy - syscalls
  const share = (time: number) => (userSpace > 0 ? time / userSpace : 0)
  return {
    seconds: total > 1 ? (last - first) / 1e6 : 0,
    samples: total,
    busy: total > 0 ? busy / total : 0,
    syscalls: busy > 0 ? syscalls / busy : 0,
    functions: [...functions.values()]
      .sort((a, b) => b.time - a.time)
      .map(({ frame, time }) => ({
        name: frame.name,
        location: frame.file ? `${frame.file}:${frame.line}` : '',
        category: frame.category,
        share: share(time),
      })),
    categories: [...categories]
      .sort((a, b) => b[1] - a[1])
      .map(([name, time]) => ({ name, location: '', category: name, share: share(time) })),
    stages: stages.map((stage, i) => ({
      name: stage.name,
      location: '',
      category: '',
      share: share(stageTimes[i]!),
    })),
  }
}

/** Which package (or runtime part) a frame belongs to. */
function categoryOf(functionName: string, file: string): string {
  if (functionName === '(garbage collector)') return 'GC'
  if (functionName === '(program)') return '(program: V8/native, unattributed)'
  if (functionName === '(idle)' || functionName === '(root)') return functionName
  if (!file) return 'V8 built-ins'
  if (file.startsWith('node:'))
    return `node:${file.replace(/^node:(internal\/)?/, '').split('/')[0]}`
  const module = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)
  if (module) return module[1]!
  const own = /(?:^|\/)(packages|apps|bench)\/([^/]+)/.exec(file)
  if (own) return own[1] === 'bench' ? '@inkwell/bench' : `@inkwell/${own[2]}`
  return file
}

/** Maps a frame to `{ file, line }`, through source maps of bundled files, with paths from the repo. */
function locator() {
  const maps = new Map<string, SourceMap | null>()
  const load = (file: string): SourceMap | null => {
    if (!maps.has(file)) {
      const mapFile = `${file}.map`
      maps.set(
        file,
        existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null,
      )
    }
    return maps.get(file) ?? null
  }
  return (url: string, line: number, column: number): { file: string; line: number } => {
    if (!url) return { file: '', line: 0 }
    if (!url.startsWith('file://')) return { file: url, line: line + 1 }
    const file = fileURLToPath(url)
    const map = file.includes('/node_modules/') ? null : load(file)
    const entry = map?.findEntry(line, column)
    if (entry && 'originalSource' in entry && entry.originalSource) {
      const source = entry.originalSource.startsWith('file://')
        ? fileURLToPath(entry.originalSource)
        : resolve(dirname(file), entry.originalSource)
      return { file: repoRelative(source), line: entry.originalLine + 1 }
    }
    return { file: repoRelative(file), line: line + 1 }
  }
}

/** `…/node_modules/.pnpm/x@1/node_modules/x/lib/a.js` → `node_modules/x/lib/a.js`; own files from `packages/`, `apps/`. */
function repoRelative(path: string): string {
  const modules = path.lastIndexOf('/node_modules/')
  if (modules >= 0) return path.slice(modules + 1)
  const own = /(?:^|\/)((?:packages|apps|bench|tooling)\/.*)$/.exec(path)
  return own ? own[1]! : path
}

// `tsx src/cpu-profile.ts <file.cpuprofile> [top]` prints a summary.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2]
  if (!file) {
    console.error('usage: tsx src/cpu-profile.ts <file.cpuprofile> [top]')
    process.exit(1)
  }
  const { REQUEST_STAGES } = await import('./stages')
  const summary = summariseProfile(file, REQUEST_STAGES)
  const top = Number(process.argv[3]) || 25
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(6)}%`
  console.log(
    `${summary.seconds.toFixed(1)} s profiled, main thread busy ${(summary.busy * 100).toFixed(0)}%`,
  )
  console.log('\nstages (inclusive, may overlap):')
  for (const s of summary.stages) console.log(`${pct(s.share)}  ${s.name}`)
  console.log('\nby package (built-ins charged to their caller):')
  for (const c of summary.categories.slice(0, top)) console.log(`${pct(c.share)}  ${c.name}`)
  console.log('\nby function (self time):')
  for (const f of summary.functions.slice(0, top))
    console.log(`${pct(f.share)}  ${f.name}  ${f.location}  [${f.category}]`)
}
