// `npm run bench [-- --quick] [-- --only=<regex>]`: Latchkey, a bare Fastify route and Better Auth,
// each pinned to one core, driven from the other core with wrk (autocannon with workers when wrk is
// not installed); writes bench/results/latest.json and docs/benchmarks.md (+ docs/benchmarks.svg).
// --only measures the Latchkey operations whose name matches, plus the references, and writes no docs.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { latchkeyEnv } from './latchkey-env.ts'
import { generator, setGeneratorCore } from './load.ts'
import {
  bareLoginOperations,
  bareOperations,
  bareRefreshOperations,
  betterAuthOperations,
  latchkeyOperations,
  type Operation,
  PASSWORD,
  rawOperations,
} from './operations.ts'
import { pinSelf, startTarget, type Target, tasksetAvailable } from './processes.ts'
import {
  BARE_LOGIN_TARGET,
  BARE_REFRESH_TARGET,
  type BenchResult,
  FLOOR_OPERATION,
  LOGIN_OPERATION,
  medianRun,
  READ_GOALS,
  REFRESH_OPERATION,
  type Row,
  writeReports,
} from './report.ts'

// --rewrite-docs: docs/benchmarks.md again from bench/results/latest.json, nothing measured.
if (process.argv.includes('--rewrite-docs')) {
  const saved = JSON.parse(
    readFileSync(new URL('results/latest.json', import.meta.url), 'utf8'),
  ) as BenchResult
  writeReports(saved)
  process.exit(0)
}
const quick = process.argv.includes('--quick')
const onlyArg = process.argv.find((arg) => arg.startsWith('--only='))
const only = onlyArg === undefined ? undefined : new RegExp(onlyArg.slice('--only='.length))
const settings = quick
  ? { seconds: 3, warmupSeconds: 1, ideas: 2_000, coopUsers: 5_000 }
  : { seconds: 10, warmupSeconds: 2, ideas: 10_000, coopUsers: 100_000 }
const SERVER_CORE = 0
// Read before pinning: once pinned, availableParallelism() counts only the pinned core.
const MACHINE_CORES = availableParallelism()
const GENERATOR_CORE = MACHINE_CORES > 1 ? 1 : 0
pinSelf(GENERATOR_CORE)
setGeneratorCore(tasksetAvailable ? GENERATOR_CORE : undefined)

const here = new URL('.', import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), 'latchkey-bench-'))

async function measureAll(target: Target, operations: Operation[], rows: Row[]): Promise<void> {
  for (const operation of operations) {
    process.stderr.write(`  ${target.name}: ${operation.name}\n`)
    await operation.before?.()
    const result = await operation.run({
      seconds: settings.seconds,
      warmupSeconds: settings.warmupSeconds,
      ...(target.child.pid !== undefined && { serverPid: target.child.pid }),
    })
    rows.push({ target: target.name, operation: operation.name, comparable: operation.comparable, ...result })
  }
}

/** Starts one of the comparison servers in targets/, measures its operations and stops it. */
async function measureComparison(
  target: { name: string; file: string; args: string[]; port: number; healthPath: string },
  operationsOf: (url: string) => Operation[] | Promise<Operation[]>,
): Promise<void> {
  const { file, ...options } = target
  const started = await startTarget({ ...options, script: join(here, 'targets', file), core: SERVER_CORE })
  await measureAll(started, await operationsOf(started.url), rows)
  await started.stop()
}

function argon2Rate(concurrency: number, core: number | undefined): number {
  const script = join(here, 'argon2-rate.ts')
  const args = [script, String(concurrency), String(quick ? 2 : 5)]
  // Children inherit this process's pinning, so "all cores" must be asked for explicitly.
  const cores = core === undefined ? `0-${MACHINE_CORES - 1}` : String(core)
  const output = tasksetAvailable
    ? execFileSync('taskset', ['-c', cores, process.execPath, ...args])
    : execFileSync(process.execPath, args)
  return (JSON.parse(output.toString()) as { hashesPerSecond: number }).hashesPerSecond
}

// Processes per read goal's row; a quick run takes one.
const GOAL_PROCESSES = quick ? 1 : 3

const rows: Row[] = []
const memory: BenchResult['memory'] = {}
try {
  await measureComparison(
    { name: 'raw node:http', file: 'raw.ts', args: ['4600'], port: 4600, healthPath: '/' },
    rawOperations,
  )
  // The machine's speed drifts over minutes, so the references a goal is judged against are measured
  // right beside it: the bare route (left running, idle meanwhile) before and after every Latchkey
  // row, Argon2id before and after the password login. report.ts compares each row with its neighbours.
  const bare = await startTarget({
    name: 'bare',
    script: join(here, 'targets', 'bare.ts'),
    args: ['4601'],
    port: 4601,
    healthPath: '/me',
    core: SERVER_CORE,
  })
  const bareOperation = bareOperations(bare.url)
  const measureBare = () => measureAll(bare, bareOperation, rows)
  await measureBare()
  // The stack's own limits for a login and a refresh: each started now and idle, like the bare route,
  // then measured right after its Latchkey row.
  const bareLogin = await startTarget({
    name: BARE_LOGIN_TARGET,
    script: join(here, 'targets', 'bare-login.ts'),
    args: ['4605', join(scratch, 'bare-login.db'), PASSWORD],
    port: 4605,
    healthPath: '/',
    core: SERVER_CORE,
  })
  const bareRefresh = await startTarget({
    name: BARE_REFRESH_TARGET,
    script: join(here, 'targets', 'bare-refresh.ts'),
    args: ['4606', join(scratch, 'bare-refresh.db')],
    port: 4606,
    healthPath: '/',
    core: SERVER_CORE,
  })
  const limitsAfter = new Map([
    [LOGIN_OPERATION, () => measureAll(bareLogin, bareLoginOperations(bareLogin.url), rows)],
    [REFRESH_OPERATION, () => measureAll(bareRefresh, bareRefreshOperations(bareRefresh.url), rows)],
  ])
  const argon2Runs: number[] = []
  // Argon2id just before the login row and just after it (and after the bare login).
  const beside = async (operation: Operation, after: boolean) => {
    if (after) await limitsAfter.get(operation.name)?.()
    if (operation.comparable === 'login') argon2Runs.push(argon2Rate(1, SERVER_CORE))
  }

  const dataDir = join(scratch, 'latchkey')
  const startLatchkey = (name: string, dir: string) =>
    startTarget({
      name,
      script: join(here, '../bin/serve.js'),
      port: 4602,
      healthPath: '/ready',
      core: SERVER_CORE,
      env: latchkeyEnv(4602, dir, join(scratch, 'compile-cache')),
    })
  // A first start fills the compile cache, as a deployment's first start does; idle memory is
  // measured on the restart, which is what every later start of a deployment looks like.
  const firstStart = await startLatchkey('latchkey (first start)', join(scratch, 'first-start'))
  memory.latchkeyFirstStartIdleMb = await firstStart.settledRssMb()
  await firstStart.stop()
  let latchkey = await startLatchkey('latchkey', dataDir)
  memory.latchkeyIdleMb = await latchkey.settledRssMb()
  const operations = (
    await latchkeyOperations(latchkey.url, dataDir, settings.ideas, settings.coopUsers)
  ).filter((operation) => only === undefined || only.test(operation.name))
  const judged: string[] = [FLOOR_OPERATION, ...READ_GOALS.map((goal) => goal.operation)]
  for (const operation of operations) {
    await beside(operation, false)
    if (judged.includes(operation.name)) {
      // A process's memory layout alone moves its speed by up to a tenth (bench/levers.md): a read
      // goal's row (and its floor's) is the median of several processes, restarted on the same data
      // (tokens still valid).
      const runs: Row[] = []
      for (let started = 0; started < GOAL_PROCESSES; started++) {
        if (started > 0) {
          await latchkey.stop()
          latchkey = await startLatchkey('latchkey', dataDir)
        }
        await measureAll(latchkey, [operation], runs)
      }
      rows.push(medianRun(runs))
    } else await measureAll(latchkey, [operation], rows)
    await beside(operation, true)
    await measureBare()
  }
  memory.latchkeyAfterRunMb = latchkey.rssMb()
  await latchkey.stop()
  await bare.stop()
  await bareLogin.stop()
  await bareRefresh.stop()

  for (const cookieCache of only === undefined ? [false, true] : []) {
    const port = cookieCache ? 4604 : 4603
    const name = cookieCache ? 'better-auth (cookie cache)' : 'better-auth'
    const args = [String(port), join(scratch, `${port}.db`), ...(cookieCache ? ['--cookie-cache'] : [])]
    await measureComparison({ name, file: 'better-auth.ts', args, port, healthPath: '/api/auth/ok' }, (url) =>
      betterAuthOperations(url, !cookieCache),
    )
  }

  // Without a login row (--only), one run stands for the rate.
  if (argon2Runs.length === 0) argon2Runs.push(argon2Rate(1, SERVER_CORE))
  const argon2 = {
    oneCore: argon2Runs.reduce((sum, rate) => sum + rate, 0) / argon2Runs.length,
    oneCoreRuns: argon2Runs,
    allCores: argon2Rate(MACHINE_CORES, undefined),
  }
  writeReports({ quick: quick || only !== undefined, settings, rows, memory, argon2, generator })
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
