import { CliError, EXIT_USAGE, type Parsed, text } from './command.ts'

async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd()
}

export const passwordOptions = {
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const

export const PASSWORD_HELP = `  --password <password>  the password (visible to other local users in the process list)
  --password-stdin       read the password from the first line of stdin instead`

/** The password given by --password or --password-stdin. @throws {CliError} neither or both */
export async function passwordFrom(parsed: Parsed, commandName: string): Promise<string> {
  const inline = text(parsed, 'password')
  const fromStdin = parsed.values['password-stdin'] === true
  if ((inline === undefined) === !fromStdin) {
    throw new CliError(
      `give exactly one of --password and --password-stdin (see latchkey ${commandName} --help)`,
      EXIT_USAGE,
    )
  }
  return inline ?? firstLineOfStdin()
}
