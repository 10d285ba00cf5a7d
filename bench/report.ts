import { mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, totalmem } from 'node:os'
import { renderChart } from './chart.ts'
import type { LoadResult } from './load.ts'

export interface Row extends LoadResult {
  readonly target: string
  readonly operation: string
  readonly comparable: 'me' | 'login' | undefined
}

export interface BenchResult {
  readonly quick: boolean
  readonly settings: { seconds: number; warmupSeconds: number; ideas: number; coopUsers: number }
  readonly rows: Row[]
  readonly memory: { latchkeyIdleMb?: number; latchkeyAfterRunMb?: number }
  readonly argon2: { oneCore: number; allCores: number }
}

interface RatedRow extends Row {
  readonly vsBare: number | undefined
  readonly vsBetterAuth: number | undefined
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits

function rate(result: BenchResult): RatedRow[] {
  const bare = result.rows.find((row) => row.target === 'bare')?.rps
  const betterAuth = (comparable: Row['comparable']) =>
    result.rows.find((row) => row.target === 'better-auth' && row.comparable === comparable)?.rps
  return result.rows.map((row) => {
    const reference = row.target === 'latchkey' && row.comparable ? betterAuth(row.comparable) : undefined
    return {
      ...row,
      vsBare: bare ? round(row.rps / bare, 3) : undefined,
      vsBetterAuth: reference ? round(row.rps / reference, 1) : undefined,
    }
  })
}

function table(rows: RatedRow[]): string {
  const header = '| target | operation | req/s | p50 ms | p99 ms | × bare route | × Better Auth | errors |'
  const lines = rows.map(
    (row) =>
      `| ${row.target} | ${row.operation} | ${row.rps} | ${row.p50} | ${row.p99} | ${row.vsBare ?? ''} | ${row.vsBetterAuth ?? ''} | ${row.errors + row.non2xx} |`,
  )
  return [header, '|---|---|---|---|---|---|---|---|', ...lines].join('\n')
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  return `${cpu}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
}

export function writeReports(result: BenchResult): void {
  const rows = rate(result)
  const root = new URL('..', import.meta.url)
  const text = table(rows)
  process.stdout.write(
    `\n${text}\n\nArgon2id hashes/s: ${round(result.argon2.oneCore, 1)} on one core, ${round(result.argon2.allCores, 1)} on all cores\n`,
  )
  process.stdout.write(
    `Latchkey RSS: ${result.memory.latchkeyIdleMb} MB idle, ${result.memory.latchkeyAfterRunMb} MB after the run\n`,
  )

  mkdirSync(new URL('bench/results/', root), { recursive: true })
  const json = JSON.stringify(
    { machine: machine(), date: new Date().toISOString(), ...result, rows },
    null,
    2,
  )
  writeFileSync(new URL(`bench/results/${result.quick ? 'quick' : 'latest'}.json`, root), `${json}\n`)
  if (result.quick) return // the docs hold full runs only

  writeFileSync(new URL('docs/benchmarks.svg', root), renderChart(rows))
  writeFileSync(
    new URL('docs/benchmarks.md', root),
    [
      '# Benchmarks',
      '',
      '<!-- Written by `npm run bench`; do not edit by hand. -->',
      '',
      `Machine: ${machine()}. Run: ${new Date().toISOString().slice(0, 10)}.`,
      '',
      '## Method',
      '',
      '- Each server runs as its own process pinned to core 0 (`taskset`); the load generator (autocannon)',
      '  runs in the bench process pinned to core 1. Servers run one after another, never together.',
      `- Every operation: ${result.settings.warmupSeconds} s warm-up (discarded), then ${result.settings.seconds} s measured,`,
      '  32 connections for reads and 8 for password work (Argon2/scrypt saturate the core with fewer).',
      '- Latchkey: a fresh SQLite data directory, production settings (`NODE_ENV=production`, default Argon2id',
      `  parameters m=19456 KiB, t=2, p=1). The large user has ${result.settings.ideas} ideas, seeded through the repository.`,
      '  `/admin/user/find` searches `member-42@`, one address in either coop, so both runs return the same page.',
      '  It is started once to fill Node’s compile cache (as `npm start` keeps one) and measured on the restart:',
      '  idle RSS is a restarted instance’s; a first start also loads the TypeScript stripper (about 11 MB more).',
      '- The bare route: a Fastify app answering one small JSON object: the practical limit of the stack.',
      '- Better Auth: its own server on `node:sqlite`, email + password, rate limit off; `get-session` with the',
      '  cookie cache off and on; `sign-in/email`. Ratios compare `GET /me` to `get-session` (cache off) and',
      '  password login to `sign-in/email`.',
      '',
      '## Results',
      '',
      text,
      '',
      `Argon2id with Latchkey's parameters: ${round(result.argon2.oneCore, 1)} hashes/s on one core, ${round(result.argon2.allCores, 1)} on all cores.`,
      `Latchkey RSS: ${result.memory.latchkeyIdleMb} MB idle, ${result.memory.latchkeyAfterRunMb} MB after the run.`,
      '',
      '![Throughput per operation](benchmarks.svg)',
      '',
    ].join('\n'),
  )
}
