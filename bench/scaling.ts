// `npm run bench:scaling [-- --seconds=N]`: GET /me and password login against Latchkey under
// node:cluster with 1…N workers (N: the machine's cores) on one SQLite data directory; writes
// bench/results/scaling.json and docs/benchmarks-scaling.svg (docs/benchmarks.md shows both).
// Nothing is pinned: the workers may use every core, and so does the load generator.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { latchkeyEnv } from './latchkey-env.ts'
import { generator } from './load.ts'
import { latchkeyOperations } from './operations.ts'
import { startTarget } from './processes.ts'
import { renderScalingChart } from './scaling-chart.ts'

const secondsArg = process.argv.find((arg) => arg.startsWith('--seconds='))
const seconds = secondsArg === undefined ? 10 : Number(secondsArg.slice('--seconds='.length))
const cores = availableParallelism()
const maxWorkers = Math.max(2, cores)
const here = new URL('.', import.meta.url).pathname
const root = new URL('..', import.meta.url)
const scratch = mkdtempSync(join(tmpdir(), 'latchkey-scaling-'))
const dataDir = join(scratch, 'data')
const env = latchkeyEnv(4606, dataDir, join(scratch, 'compile-cache'))
const WANTED = ['GET /me (ideapool token)', 'POST /access-tokens (password login)']

const points: { workers: number; meRps: number; loginRps: number }[] = []
try {
  for (let workers = 1; workers <= maxWorkers; workers++) {
    const target = await startTarget({
      name: `latchkey × ${workers}`,
      script: join(here, 'targets/cluster.ts'),
      args: [String(workers)],
      port: 4606,
      healthPath: '/ready',
      // Not pinned: startTarget pins only where asked, and every core is the point here.
      core: -1,
      env,
    })
    // latchkeyOperations signs the same accounts up: each round starts on an empty data directory.
    const operations = (await latchkeyOperations(target.url, dataDir, 10, 100)).filter((operation) =>
      WANTED.includes(operation.name),
    )
    const [me, login] = operations
    if (!me || !login) throw new Error('operations missing')
    const meResult = await me.run({ seconds, warmupSeconds: 2 })
    const loginResult = await login.run({ seconds, warmupSeconds: 2 })
    points.push({ workers, meRps: meResult.rps, loginRps: loginResult.rps })
    process.stderr.write(
      `  ${workers} worker(s): GET /me ${meResult.rps} req/s, login ${loginResult.rps} req/s\n`,
    )
    await target.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  mkdirSync(new URL('bench/results/', root), { recursive: true })
  const result = { date: new Date().toISOString(), generator, cores, seconds, points }
  writeFileSync(new URL('bench/results/scaling.json', root), `${JSON.stringify(result, null, 2)}\n`)
  writeFileSync(new URL('docs/benchmarks-scaling.svg', root), renderScalingChart(points))
  process.stdout.write(`${JSON.stringify(points)}\n`)
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
