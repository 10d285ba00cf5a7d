import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before } from 'node:test'
import { type App, startApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config/config.ts'
import { silentLogger } from '../../src/core/shared/logger.ts'
import { createPostgresSchema, type TestDialect } from './databases.ts'
import { late } from './suite.ts'

/** The real `latchkey` executable (the bin shim). */
export const latchkeyBin = new URL('../../bin/latchkey.js', import.meta.url).pathname

export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** A data directory (and a PostgreSQL schema) the CLI, `serve` and an in-process app share. */
export interface CliWorld {
  readonly env: Readonly<Record<string, string>>
  readonly dataDir: string
  /** Runs `latchkey <args>` as a child process with this world's environment. */
  run(args: readonly string[], options?: { input?: string; env?: Record<string, string> }): Promise<CliResult>
  /** The server on the same storage, in this process (for inject()). */
  startApp(): Promise<App>
  close(): Promise<void>
}

const SECRET_KEY = 'cli-test-secret-key-of-at-least-32-characters'

export function runBinary(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  input?: string,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input ?? '')
  })
}

export async function createCliWorld(
  dialect: TestDialect,
  extraEnv: Record<string, string> = {},
): Promise<CliWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-cli-'))
  const schema = dialect === 'postgres' ? await createPostgresSchema() : undefined
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    // Argon2id at its cheapest, as the test app: still the real algorithm.
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
    SECRET_KEY,
    DATA_DIR: dataDir,
    DATABASE_POOL_SIZE: '3',
    REVOCATION_SYNC_SECONDS: '1',
    ...(schema && { DATABASE_URL: schema.url }),
    ...extraEnv,
  }
  const apps: App[] = []
  return {
    env,
    dataDir,
    run: (args, options = {}) =>
      runBinary(process.execPath, [latchkeyBin, ...args], { ...env, ...options.env }, options.input),
    async startApp() {
      const app = await startApp({ config: loadConfig(env), secretKey: SECRET_KEY, log: silentLogger })
      apps.push(app)
      return app
    },
    async close() {
      for (const app of apps) await app.close()
      await schema?.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Retries `check` until it returns true or `seconds` pass (revocations reach other processes). */
export async function eventually(check: () => Promise<boolean>, seconds = 15): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return check()
}

/** A CLI world for the enclosing suite: made before its tests, closed after them. */
export function useCliWorld(dialect: TestDialect, extraEnv: Record<string, string> = {}): CliWorld {
  let world: CliWorld | undefined
  before(async () => {
    world = await createCliWorld(dialect, extraEnv)
  })
  after(() => world?.close())
  return late('the CLI world', () => world)
}
