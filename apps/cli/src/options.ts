import { type Command, InvalidArgumentError, Option } from 'commander'

/** `--json`: for every command that prints data. */
export function jsonOption(command: Command): Command {
  return command.option('--json', 'print JSON only, on stdout (for scripts)')
}

/** Parses a whole number >= `min` (`--limit 20`); a usage error otherwise. */
export function positiveInt(min = 1) {
  return (value: string): number => {
    const n = Number(value)
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected a whole number of at least ${min}`)
    }
    return n
  }
}

/** Collects a repeatable option (`--tag a --tag b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** `--limit <n> | --all`, for listings that page. */
export function pagingOptions(command: Command, defaultLimit = 20): Command {
  return command
    .addOption(
      new Option('--limit <n>', `show at most n (default ${defaultLimit})`)
        .argParser(positiveInt())
        .conflicts('all'),
    )
    .addOption(new Option('--all', 'show every one (pages through them all)'))
}

/** How many a `--limit n | --all` listing wants: Infinity for `--all`. */
export function wanted(options: { limit?: number; all?: boolean }, defaultLimit = 20): number {
  return options.all ? Number.POSITIVE_INFINITY : (options.limit ?? defaultLimit)
}

/** A UUID, as note, token and user ids are. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
}

/** Parses an id argument: a UUID, or a usage error (no request for what cannot exist). */
export function uuidArgument(value: string): string {
  if (!isUuid(value)) throw new InvalidArgumentError('expected an id (a UUID)')
  return value.toLowerCase()
}
