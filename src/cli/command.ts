import { type ParseArgsOptionsConfig, parseArgs } from 'node:util'

/** A failure the operator can act on: printed as one line, exits with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: number
  constructor(message: string, exitCode = 1) {
    super(message)
    this.exitCode = exitCode
  }
}

export const EXIT_USAGE = 2
export const EXIT_CONFIG = 78 // EX_CONFIG, as the server uses

export type Env = Readonly<Record<string, string | undefined>>

export interface Parsed {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>
  readonly positionals: readonly string[]
}

export interface Command {
  /** One or two words: `migrate`, `users create`. */
  readonly name: string
  readonly summary: string
  /** The `--help` text after the summary: usage, options, an example. */
  readonly help: string
  readonly options?: ParseArgsOptionsConfig
  /** How many positional arguments it takes. */
  readonly positionals?: { readonly min: number; readonly max: number }
  /** Resolves with the exit code. `env`: the environment the command was started with. */
  run(args: Parsed, env: Env): Promise<number>
}

/** Parses a command's arguments strictly: an unknown option is a usage error, not ignored. */
export function parseCommandArgs(command: Command, argv: readonly string[]): Parsed {
  let parsed: Parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      options: command.options ?? {},
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    throw new CliError(`${(error as Error).message} (see latchkey ${command.name} --help)`, EXIT_USAGE)
  }
  const { min, max } = command.positionals ?? { min: 0, max: 0 }
  const count = parsed.positionals.length
  if (count < min || count > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`
    throw new CliError(
      `latchkey ${command.name} takes ${expected} argument(s), got ${count} (see latchkey ${command.name} --help)`,
      EXIT_USAGE,
    )
  }
  return parsed
}

export function text(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name]
  return typeof value === 'string' ? value : undefined
}

/** A required option's value. @throws {CliError} when missing */
export function requiredText(parsed: Parsed, name: string, commandName: string): string {
  const value = text(parsed, name)
  if (value === undefined || value === '') {
    throw new CliError(`--${name} is required (see latchkey ${commandName} --help)`, EXIT_USAGE)
  }
  return value
}

/** A whole-number option, or undefined when not given. @throws {CliError} when not a number */
export function wholeNumber(parsed: Parsed, name: string, commandName: string): number | undefined {
  const value = text(parsed, name)
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value))
    throw new CliError(`--${name} must be a whole number (see latchkey ${commandName} --help)`, EXIT_USAGE)
  return Number(value)
}

/** Columns padded to their widest cell, for terminal tables. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)))
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return `${[header, ...rows].map(line).join('\n')}\n`
}
