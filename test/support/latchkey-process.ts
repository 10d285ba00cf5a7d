import { type ChildProcess, spawn } from 'node:child_process'
import { freePort } from './free-port.ts'
import { leakingLines, recordSecret, recordSecretsOfFetch } from './secret-log-check.ts'

const main = new URL('../../src/main.ts', import.meta.url).pathname

export interface LatchkeyProcess {
  readonly child: ChildProcess
  readonly url: string
  /** Resolves with the exit code; rejects when the process logged a secret (secret-log-check.ts). */
  readonly exited: Promise<number | null>
  output(): string
}

/**
 * Starts Latchkey (`src/main.ts`, or the given entry and arguments, e.g. the CLI's `serve`) as its
 * own process on a free port; resolves once it answers. `command` replaces this Node binary, e.g.
 * to run the documented start command (`npm start`) exactly as an operator would.
 */
export async function startLatchkeyProcess(
  env: Record<string, string>,
  args: readonly string[] = [main],
  { command = process.execPath, cwd }: { command?: string; cwd?: string } = {},
): Promise<LatchkeyProcess> {
  const port = await freePort()
  recordSecretsOfFetch()
  for (const [name, value] of Object.entries(env))
    if (/SECRET|PASSWORD|API_KEY|PRIVATE_KEY/.test(name)) recordSecret(value)
  const child = spawn(command, args, {
    ...(cwd !== undefined && { cwd }),
    // Limits off unless a test sets them: the e2e suites load one instance from one address.
    // Verbose, so that its output can be checked for secrets as the in-process apps' logs are.
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      RATE_LIMITS_ENABLED: 'false',
      LOG_LEVEL: 'debug',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  let exitCode: number | null | undefined
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code
      resolve(code)
    }),
  ).then((code) => {
    const leaks = leakingLines(output.split('\n'))
    if (leaks.length > 0) throw new Error(`latchkey logged a secret:\n${leaks.slice(0, 5).join('\n')}`)
    return code
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`latchkey exited with ${exitCode}: ${output}`)
    if (
      await fetch(`${url}/health`).then(
        (response) => response.ok,
        () => false,
      )
    ) {
      return { child, url, exited, output: () => output }
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  child.kill('SIGKILL')
  throw new Error(`latchkey did not answer within 30 s: ${output}`)
}
