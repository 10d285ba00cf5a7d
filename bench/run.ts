// `npm run bench [-- --quick]`: Latchkey, a bare Fastify route and Better Auth, each pinned to one
// core, driven from the other core with autocannon; writes bench/results/latest.json and
// docs/benchmarks.md (+ docs/benchmarks.svg).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { everyRateLimit } from '../src/config/config.ts'
import { bareOperations, betterAuthOperations, latchkeyOperations, type Operation } from './operations.ts'
import { pinSelf, startTarget, type Target, tasksetAvailable } from './processes.ts'
import { type BenchResult, type Row, writeReports } from './report.ts'

const quick = process.argv.includes('--quick')
const settings = quick
  ? { seconds: 2, warmupSeconds: 0.5, ideas: 2_000, coopUsers: 5_000 }
  : { seconds: 10, warmupSeconds: 2, ideas: 10_000, coopUsers: 100_000 }
const SERVER_CORE = 0
pinSelf(availableParallelism() > 1 ? 1 : 0)

const here = new URL('.', import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), 'latchkey-bench-'))

async function measureAll(target: Target, operations: Operation[], rows: Row[]): Promise<void> {
  for (const operation of operations) {
    process.stderr.write(`  ${target.name}: ${operation.name}\n`)
    await operation.before?.()
    const result = await operation.run({ seconds: settings.seconds, warmupSeconds: settings.warmupSeconds })
    rows.push({ target: target.name, operation: operation.name, comparable: operation.comparable, ...result })
  }
}

function argon2Rate(concurrency: number, core: number | undefined): number {
  const script = join(here, 'argon2-rate.ts')
  const args = [script, String(concurrency), String(quick ? 2 : 5)]
  // Children inherit this process's pinning, so "all cores" must be asked for explicitly.
  const cores = core === undefined ? `0-${availableParallelism() - 1}` : String(core)
  const output = tasksetAvailable
    ? execFileSync('taskset', ['-c', cores, process.execPath, ...args])
    : execFileSync(process.execPath, args)
  return (JSON.parse(output.toString()) as { hashesPerSecond: number }).hashesPerSecond
}

const rows: Row[] = []
const memory: BenchResult['memory'] = {}
try {
  const bare = await startTarget({
    name: 'bare',
    script: join(here, 'targets/bare.ts'),
    args: ['4601'],
    port: 4601,
    healthPath: '/me',
    core: SERVER_CORE,
  })
  await measureAll(bare, bareOperations(bare.url), rows)
  await bare.stop()

  const dataDir = join(scratch, 'latchkey')
  const startLatchkey = (name: string, dir: string) =>
    startTarget({
      name,
      script: join(here, '../src/main.ts'),
      port: 4602,
      healthPath: '/ready',
      core: SERVER_CORE,
      env: {
        NODE_ENV: 'production',
        PORT: '4602',
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        SECRET_KEY: 'bench-secret-key-bench-secret-key-0123456789',
        LOG_LEVEL: 'warn',
        IDEAPOOL_ACCESS_TTL_SECONDS: '3600',
        // No mail is sent by these operations; production mode wants a relay configured.
        SMTP_URL: 'smtp://127.0.0.1:9',
        // Production refuses a localhost issuer and social login without our app and client ids.
        PUBLIC_URL: 'http://127.0.0.1:4602',
        FACEBOOK_LOGIN_ENABLED: 'false',
        GOOGLE_LOGIN_ENABLED: 'false',
        // As `npm start` does: stripped TypeScript and bytecode come from Node's compile cache.
        NODE_COMPILE_CACHE: join(scratch, 'compile-cache'),
        // Limits on, so that their cost is measured, but too high for the load to reach.
        ...everyRateLimit('1000000000/60'),
        ARGON2_QUEUE_LIMIT: '100000',
      },
    })
  // A first start fills the compile cache, as a deployment's first start does; idle memory is
  // measured on the restart, which is what every later start of a deployment looks like.
  await (await startLatchkey('latchkey (first start)', join(scratch, 'first-start'))).stop()
  const latchkey = await startLatchkey('latchkey', dataDir)
  memory.latchkeyIdleMb = latchkey.rssMb()
  const operations = await latchkeyOperations(latchkey.url, dataDir, settings.ideas, settings.coopUsers)
  await measureAll(latchkey, operations, rows)
  memory.latchkeyAfterRunMb = latchkey.rssMb()
  await latchkey.stop()

  for (const cookieCache of [false, true]) {
    const port = cookieCache ? 4604 : 4603
    const name = cookieCache ? 'better-auth (cookie cache)' : 'better-auth'
    const args = [String(port), join(scratch, `${port}.db`), ...(cookieCache ? ['--cookie-cache'] : [])]
    const target = await startTarget({
      name,
      script: join(here, 'targets/better-auth.ts'),
      args,
      port,
      healthPath: '/api/auth/ok',
      core: SERVER_CORE,
    })
    await measureAll(target, await betterAuthOperations(target.url, !cookieCache), rows)
    await target.stop()
  }

  const argon2 = {
    oneCore: argon2Rate(1, SERVER_CORE),
    allCores: argon2Rate(availableParallelism(), undefined),
  }
  writeReports({ quick, settings, rows, memory, argon2 })
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
