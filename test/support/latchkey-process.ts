import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'

const main = new URL('../../src/main.ts', import.meta.url).pathname

export interface LatchkeyProcess {
  readonly child: ChildProcess
  readonly url: string
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>
  output(): string
}

/** A loopback port nobody listens on at the moment. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  return typeof address === 'object' && address !== null ? address.port : 0
}

/** Starts Latchkey (`src/main.ts`) as its own process; resolves once it listens. */
export function startLatchkeyProcess(env: Record<string, string>): Promise<LatchkeyProcess> {
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (listening) resolve({ child, url: listening[1] as string, exited, output: () => output })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    void exited.then((code) => reject(new Error(`latchkey exited with ${code}: ${output}`)))
  })
}
