import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { freePort } from '../support/free-port.ts'

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url))

/** Runs the server with `env` until it exits; its exit code and standard error. */
async function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-startup-'))
  try {
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn', PORT: '0', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    return { code, stderr }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

it('names PostgreSQL in one line, password hidden, when it cannot be reached at start', async () => {
  const port = await freePort()
  const { code, stderr } = await start({
    DATABASE_URL: `postgres://latchkey:hunter2@127.0.0.1:${port}/latchkey`,
  })
  assert.equal(code, 1)
  assert.equal(
    stderr,
    `latchkey failed to start: cannot reach PostgreSQL at postgres://latchkey:redacted@127.0.0.1:${port}/latchkey: connect ECONNREFUSED 127.0.0.1:${port}\n`,
  )
})

it('names Redis in one line when it cannot be reached at start', async () => {
  const port = await freePort()
  const { code, stderr } = await start({ REDIS_URL: `redis://127.0.0.1:${port}`, SECRET_KEY: 'k'.repeat(32) })
  assert.equal(code, 1)
  assert.equal(
    stderr,
    `latchkey failed to start: cannot reach Redis at redis://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
  )
})
