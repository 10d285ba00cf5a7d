import { readFileSync } from 'node:fs'
import { type AppError, isAppError } from '../core/errors.ts'
import { clientsCommands } from './clients.command.ts'
import { CliError, type Command, EXIT_USAGE, parseCommandArgs } from './command.ts'
import { configCheckCommand } from './config.command.ts'
import { consoleCommands } from './console.command.ts'
import { coopsCommands } from './coops.command.ts'
import { importCommand } from './import.command.ts'
import { keysCommands } from './keys.command.ts'
import { mfaCommands } from './mfa.command.ts'
import { migrateCommand } from './migrate.command.ts'
import { serveCommand } from './serve.command.ts'
import { usersCommands } from './users.command.ts'
import { usersLifecycleCommands } from './users-lifecycle.command.ts'
import { webhooksCommands } from './webhooks.command.ts'

const commands: readonly Command[] = [
  serveCommand,
  migrateCommand,
  configCheckCommand,
  ...usersCommands,
  ...usersLifecycleCommands,
  ...keysCommands,
  ...coopsCommands,
  ...clientsCommands,
  ...webhooksCommands,
  ...consoleCommands,
  ...mfaCommands,
  importCommand,
]

function overview(group?: string): string {
  const shown = commands.filter((command) => group === undefined || command.name.startsWith(`${group} `))
  const width = Math.max(...shown.map((command) => command.name.length))
  return `Usage: latchkey <command> [options]   (latchkey <command> --help for details)

${shown.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Every command reads the server's configuration from the environment (DATA_DIR, DATABASE_URL,
SECRET_KEY, …; see docs/configuration.md) and migrates the database first, as the server does.
`
}

/** What an operator reads for a refusal of the core. */
function describeAppError(error: AppError): string {
  if (error.code === 'validation_failed') {
    return (error.details?.problems ?? []).map(({ field, problem }) => `${field} ${problem}`).join('; ')
  }
  const messages: Partial<Record<AppError['code'], string>> = {
    user_not_found: 'no such user',
    tenant_exists: 'a coop with that identifier exists',
    tenant_not_found: 'no such coop',
    role_not_assignable: 'USER is not given directly',
  }
  return messages[error.code] ?? error.code.replaceAll('_', ' ')
}

function version(): string {
  const manifest = new URL('../../package.json', import.meta.url)
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
}

async function run(argv: readonly string[]): Promise<number> {
  const [first, second] = argv
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(overview())
    return first === undefined ? EXIT_USAGE : 0
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${version()}\n`)
    return 0
  }
  const command =
    commands.find((candidate) => candidate.name === `${first} ${second}`) ??
    commands.find((candidate) => candidate.name === first)
  if (command === undefined) {
    const isGroup = commands.some((candidate) => candidate.name.startsWith(`${first} `))
    if (isGroup && (second === '--help' || second === '-h')) {
      process.stdout.write(overview(first))
      return 0
    }
    if (isGroup && second === undefined) {
      process.stderr.write(overview(first))
      return EXIT_USAGE
    }
    if (isGroup)
      throw new CliError(`unknown command "${first} ${second}" (see latchkey ${first} --help)`, EXIT_USAGE)
    throw new CliError(`unknown command "${first}" (see latchkey --help)`, EXIT_USAGE)
  }
  const rest = argv.slice(command.name.split(' ').length)
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`latchkey ${command.name}: ${command.summary}\n\n${command.help}\n`)
    return 0
  }
  return command.run(parseCommandArgs(command, rest), process.env)
}

function failureLine(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode }
  if (isAppError(error)) return { message: describeAppError(error), exitCode: 1 }
  const message = error instanceof Error ? error.message : String(error)
  return { message: message.split('\n')[0] ?? message, exitCode: 1 }
}

/**
 * Exits once stdout and stderr are written out (a pipe takes 64 KiB at a time; the rest would be
 * lost), without waiting for stray timers or sockets. `serve` never gets here.
 */
function exitAfterOutput(exitCode: number): void {
  let pending = 2
  const done = () => {
    if (--pending === 0) process.exit(exitCode)
  }
  process.stdout.write('', done)
  process.stderr.write('', done)
}

run(process.argv.slice(2)).then(exitAfterOutput, (error: unknown) => {
  const { message, exitCode } = failureLine(error)
  process.stderr.write(`latchkey: ${message}\n`)
  exitAfterOutput(exitCode)
})
