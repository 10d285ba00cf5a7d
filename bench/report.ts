import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { renderChart } from './chart.ts'
import type { LoadResult } from './load.ts'

export interface Row extends LoadResult {
  readonly target: string
  readonly operation: string
  readonly comparable: 'me' | 'login' | undefined
  /** A read goal's row: the CPU µs per request of each server process it ran on; the row is the median one's. */
  readonly processRuns?: readonly number[]
}

export const LOGIN_OPERATION = 'POST /access-tokens (password login)'
export const REFRESH_OPERATION = 'POST /access-tokens/refresh'
/** The stack's own limit for a password login: Fastify verifying, opening a session, signing (targets/bare-login.ts). */
export const BARE_LOGIN_TARGET = 'bare login'
/** The stack's own limit for a refresh: Fastify touching a session and signing (targets/bare-refresh.ts). */
export const BARE_REFRESH_TARGET = 'bare refresh'

/** The read goals: each row of theirs is measured on several fresh server processes (run.ts). */
export const READ_GOALS = [
  { goal: 'GET /me', operation: 'GET /me (ideapool token)', target: 0.6 },
  { goal: 'API-key check', operation: 'GET /test/secure (API key)', target: 0.5 },
  { goal: 'GET /ideas?page=1', operation: 'GET /ideas?page=1 (10 ideas)', target: 0.4 },
  { goal: 'refresh', operation: REFRESH_OPERATION, target: 0.25 },
] as const

/**
 * The empty Latchkey route: the security headers, CORS, the request context and the metrics that
 * every response carries (the request log line too, where LOG_LEVEL shows it; the bench's does not),
 * and no work. Measured like a read goal, as the floor that each of them stands on.
 */
export const FLOOR_OPERATION = 'GET /health (empty Latchkey route)'

export interface BenchResult {
  readonly quick: boolean
  readonly settings: { seconds: number; warmupSeconds: number; ideas: number; coopUsers: number }
  readonly rows: Row[]
  readonly memory: { latchkeyFirstStartIdleMb?: number; latchkeyIdleMb?: number; latchkeyAfterRunMb?: number }
  /** oneCore: the mean of oneCoreRuns, measured just before and after the password login row. */
  readonly argon2: { oneCore: number; oneCoreRuns?: readonly number[]; allCores: number }
  readonly generator: string
}

export interface RatedRow extends Row {
  /** The bare route's CPU µs per request beside this row: the reference of cpuVsBare. */
  readonly bareCpuUs: number | undefined
  readonly vsBare: number | undefined
  /** Bare route's CPU per request over this row's: the same ratio, from the stable figure. */
  readonly cpuVsBare: number | undefined
  readonly vsBetterAuth: number | undefined
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits

const spread = (values: number[]) =>
  values.length === 0 ? '?' : `${Math.min(...values)}–${Math.max(...values)}`

const mean = (values: number[]) =>
  values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length

const isBare = (row: Row) => row.target === 'bare'
// References, not rated against the bare route themselves.
const isReference = (row: Row) =>
  isBare(row) || row.target === BARE_LOGIN_TARGET || row.target === BARE_REFRESH_TARGET

const latchkeyRow = (rows: readonly RatedRow[], operation: string) =>
  rows.find((row) => row.target === 'latchkey' && row.operation === operation)

/** Of one operation's runs on several processes: the run with the median CPU per request, naming every run's. */
export function medianRun(runs: readonly Row[]): Row {
  const sorted = [...runs].sort((a, b) => (a.cpuUs ?? 0) - (b.cpuUs ?? 0))
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as Row
  return { ...median, processRuns: runs.map((run) => run.cpuUs ?? 0) }
}

/**
 * The reference a row is judged against: the bare route's runs just before and just after it (the
 * bench measures one beside every Latchkey row), averaged. On a machine whose speed drifts over
 * minutes, a reference measured minutes away would judge the drift, not the row.
 */
function bareBeside(
  rows: readonly Row[],
  index: number,
): { rps: number | undefined; cpuUs: number | undefined } {
  const before = rows.slice(0, index).findLast(isBare)
  const after = rows.slice(index + 1).find(isBare)
  const beside = [before, after].filter((row) => row !== undefined)
  return {
    rps: mean(beside.map((row) => row.rps)),
    cpuUs: mean(beside.flatMap((row) => (row.cpuUs === undefined ? [] : [row.cpuUs]))),
  }
}

export function rate(result: BenchResult): RatedRow[] {
  const betterAuth = (comparable: Row['comparable']) =>
    result.rows.find((row) => row.target === 'better-auth' && row.comparable === comparable)?.rps
  return result.rows.map((row, index) => {
    const { rps: bare, cpuUs: bareCpu } = isReference(row)
      ? { rps: undefined, cpuUs: undefined }
      : bareBeside(result.rows, index)
    const reference = row.target === 'latchkey' && row.comparable ? betterAuth(row.comparable) : undefined
    return {
      ...row,
      bareCpuUs: bareCpu === undefined ? undefined : round(bareCpu, 1),
      vsBare: bare ? round(row.rps / bare, 3) : undefined,
      cpuVsBare: bareCpu && row.cpuUs ? round(bareCpu / row.cpuUs, 3) : undefined,
      vsBetterAuth: reference ? round(row.rps / reference, 1) : undefined,
    }
  })
}

function table(rows: RatedRow[]): string {
  const header =
    '| target | operation | req/s | server CPU µs/req | p50 ms | p99 ms | × bare (req/s) | × bare (CPU) | × Better Auth | errors |'
  const lines = rows.map(
    (row) =>
      `| ${row.target} | ${row.operation} | ${row.rps} | ${row.cpuUs ?? ''} | ${row.p50} | ${row.p99} | ${row.vsBare ?? ''} | ${row.cpuVsBare ?? ''} | ${row.vsBetterAuth ?? ''} | ${row.errors + row.non2xx} |`,
  )
  return [header, '|---|---|---|---|---|---|---|---|---|---|', ...lines].join('\n')
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
}

/** Which server processes the read goals' rows ran on, when more than one. */
function processNote(rows: readonly (Row | undefined)[]): string[] {
  const repeated = rows.flatMap((row) =>
    row?.processRuns !== undefined && row.processRuns.length > 1
      ? [`${row.operation} ${row.processRuns.join(', ')}`]
      : [],
  )
  if (repeated.length === 0) return []
  return [
    '',
    'Each read goal’s row (and the empty route’s) is the median of fresh server processes on the same data (a process’s memory ' +
      `layout alone moves its speed by up to a tenth); their CPU µs per request: ${repeated.join('; ')}.`,
  ]
}

/**
 * The login and the refresh against the stack's own limit for each (the bare login and the bare
 * refresh, each measured right after its row): what no implementation on this stack can avoid,
 * apart from what Latchkey's own work costs.
 */
export function limitLines(rows: readonly RatedRow[], argon2OneCore: number): string[] {
  const lines: string[] = []
  const login = latchkeyRow(rows, LOGIN_OPERATION)
  const bareLogin = rows.find((row) => row.target === BARE_LOGIN_TARGET)
  if (login !== undefined && bareLogin !== undefined) {
    lines.push(
      '',
      'The password login against the stack’s own limit for one: a bare Fastify route that does what any login ' +
        'must: it verifies the same Argon2id hash (one verification at a time, as Latchkey does on one core), opens ' +
        'a session on SQLite (WAL) and signs an ES256 token with the same claims ' +
        `(\`bench/targets/bare-login.ts\`), measured right after the login row: ${bareLogin.rps} logins/s, ` +
        `${round(bareLogin.rps / argon2OneCore, 2)} of raw Argon2id. Latchkey’s login ran at ${round(login.rps / bareLogin.rps, 2)} of it.` +
        ownWork(login, bareLogin, 'login', 'its audit record, lockout, second-factor checks and the rest'),
    )
  }
  const refresh = latchkeyRow(rows, REFRESH_OPERATION)
  const bareRefresh = rows.find((row) => row.target === BARE_REFRESH_TARGET)
  if (refresh?.cpuUs !== undefined && bareRefresh?.cpuUs !== undefined) {
    const bareRoute = refresh.bareCpuUs
    lines.push(
      '',
      'The refresh against the stack’s own limit for one: a bare Fastify route that finds and touches the session ' +
        'by its token’s SHA-256 in one `UPDATE … RETURNING` on SQLite (WAL) and signs an ES256 token with the same ' +
        `claims (\`bench/targets/bare-refresh.ts\`), measured right after the refresh row: ${bareRefresh.cpuUs} µs of CPU ` +
        `per request` +
        (bareRoute === undefined
          ? ''
          : `, ${round(bareRoute / bareRefresh.cpuUs, 3)} of the bare route beside the refresh row`) +
        `. Latchkey’s refresh ran at ${round(bareRefresh.cpuUs / refresh.cpuUs, 2)} of it (CPU).` +
        ownWork(
          refresh,
          bareRefresh,
          'request',
          'the request’s shared features, its limit, its user and the claims they carry',
        ),
    )
  }
  return lines
}

/** The CPU a Latchkey row spends above its bare counterpart's, and what that buys. */
function ownWork(row: RatedRow, bare: RatedRow, per: string, what: string): string {
  if (row.cpuUs === undefined || bare.cpuUs === undefined) return ''
  return (
    ` CPU per ${per}: ${row.cpuUs} µs against the bare one’s ${bare.cpuUs} µs, ` +
    `${round(row.cpuUs - bare.cpuUs, 0)} µs of Latchkey’s own work (${what}).`
  )
}

/**
 * How far each read goal is from what Latchkey's shared features leave: the CPU per request the goal
 * allows (the bare route's beside its row, over the target) against the empty Latchkey route's, and
 * what the goal's operation costs above that empty route.
 */
export function floorLines(rows: readonly RatedRow[]): string[] {
  const find = (operation: string) => latchkeyRow(rows, operation)
  const floor = find(FLOOR_OPERATION)
  if (floor?.cpuUs === undefined || floor.bareCpuUs === undefined) return []
  const floorUs = floor.cpuUs
  const lines = READ_GOALS.flatMap(({ goal, operation, target }) => {
    const row = find(operation)
    if (row?.cpuUs === undefined || row.bareCpuUs === undefined) return []
    const allowed = Math.round(row.bareCpuUs / target)
    return [`| ${goal} | ${row.cpuUs} | ${allowed} | ${row.cpuUs - floorUs} |`]
  })
  return [
    '',
    `The empty Latchkey route (\`GET /health\`: the headers, CORS, request context and metrics every response carries, and no work) took ${floorUs} µs of CPU per request, ${floor.cpuVsBare} of the bare route beside it (${floor.bareCpuUs} µs). Each read goal against that floor:`,
    '',
    '| goal | Latchkey µs per request | µs the target allows (bare ÷ target) | above the empty route |',
    '|---|---|---|---|',
    ...lines,
  ]
}

/**
 * The goals of the performance work, each with what this run measured. A req/s ratio means little
 * when the bare route itself is held back by the load generator (it then flatters everything slower),
 * so each read goal is judged on both figures, and the CPU ratio decides when the bare route ran
 * within 20 % of the generator's ceiling.
 */
function goals(result: BenchResult, rows: RatedRow[]): string {
  const find = (operation: string) => latchkeyRow(rows, operation)
  const ceiling = rows.find((row) => row.target === 'raw node:http')?.rps
  const bareRuns = rows.filter(isBare)
  const bare = mean(bareRuns.map((row) => row.rps))
  const bareHeldBack = ceiling !== undefined && bare !== undefined && bare >= ceiling * 0.8
  const verdict = (value: number | undefined, goal: number) => ((value ?? 0) >= goal ? 'met' : 'not met')
  const ratioGoal = (label: string, operation: string, goal: number) => {
    const row = find(operation)
    if (!row) return `| ${label} | ≥ ${goal} of bare | not measured | |`
    const byRps = verdict(row.vsBare, goal)
    const byCpu = verdict(row.cpuVsBare, goal)
    const decided = bareHeldBack ? byCpu : byRps
    return `| ${label} | ≥ ${goal} of bare | ${row.vsBare} (req/s), ${row.cpuVsBare} (CPU) | **${decided}** (req/s: ${byRps}; CPU: ${byCpu}) |`
  }
  const login = find(LOGIN_OPERATION)
  const loginRatio = login ? round(login.rps / result.argon2.oneCore, 2) : undefined
  const rss = result.memory.latchkeyFirstStartIdleMb
  const argon2Runs = result.argon2.oneCoreRuns ?? []
  return [
    bareHeldBack
      ? `The bare route ran at ${round(bare ?? 0, 0)} req/s, within 20 % of the generator's ceiling (${ceiling}): its req/s is the generator's, so the read goals are judged on CPU per request.`
      : 'The bare route ran well below the generator’s ceiling: the read goals are judged on req/s.',
    '',
    `Drift: the bare route's runs, one beside every Latchkey row, took ${spread(bareRuns.map((row) => row.cpuUs ?? 0))} µs of CPU per request` +
      (argon2Runs.length > 1
        ? `, and Argon2id ran at ${spread(argon2Runs.map((rate) => round(rate, 1)))} hashes/s on one core before and after the login row.`
        : '.') +
      ' Each ratio uses the references measured beside its row; that range is how far this machine’s speed moved during the run.',
    ...processNote([find(FLOOR_OPERATION), ...READ_GOALS.map(({ operation }) => find(operation))]),
    '',
    '| goal | target | measured | verdict |',
    '|---|---|---|---|',
    ...READ_GOALS.map(({ goal, operation, target }) => ratioGoal(goal, operation, target)),
    `| password login | ≥ 0.9 of raw Argon2id (one core) | ${loginRatio ?? 'not measured'} | **${verdict(loginRatio, 0.9)}** |`,
    `| idle RSS after a first start | < 120 MB | ${rss} MB | **${(rss ?? Infinity) < 120 ? 'met' : 'not met'}** |`,
    ...floorLines(rows),
    ...limitLines(rows, result.argon2.oneCore),
  ].join('\n')
}

function scalingSection(root: URL): string[] {
  const file = new URL('bench/results/scaling.json', root)
  if (!existsSync(file)) return []
  const scaling = JSON.parse(readFileSync(file, 'utf8')) as {
    date: string
    points: { workers: number; meRps: number; loginRps: number; meCpuUs?: number }[]
    generator: string
    cores: number
  }
  return [
    '## Multi-core',
    '',
    `From \`npm run bench:scaling\` (${scaling.date.slice(0, 10)}): Latchkey under \`node:cluster\` with 1…N workers`,
    `sharing one SQLite data directory, ${scaling.generator} on the same ${scaling.cores} cores, nothing pinned: the load generator`,
    'competes with the workers, and so does whatever else runs on the machine (one run each; on this shared',
    'machine a single figure can be off by a factor of two). Password login hardly moves: Argon2id runs on',
    'libuv’s thread pool (4 threads), so one worker already hashes on every core; more workers add event',
    'loops, not hashing capacity. `GET /me` is event-loop work, which is what more workers add.',
    '',
    '| workers | GET /me req/s | password login req/s |',
    '|---|---|---|',
    ...scaling.points.map((point) => `| ${point.workers} | ${point.meRps} | ${point.loginRps} |`),
    '',
    '![Throughput by worker count](benchmarks-scaling.svg)',
    '',
  ]
}

export function writeReports(result: BenchResult): void {
  const rows = rate(result)
  const root = new URL('..', import.meta.url)
  const text = table(rows)
  process.stdout.write(
    `\n${text}\n\nArgon2id hashes/s: ${round(result.argon2.oneCore, 1)} on one core, ${round(result.argon2.allCores, 1)} on all cores\n`,
  )
  process.stdout.write(
    `Latchkey RSS: ${result.memory.latchkeyFirstStartIdleMb} MB idle after a first start, ${result.memory.latchkeyIdleMb} MB idle after a restart, ${result.memory.latchkeyAfterRunMb} MB after the run (in the server process last restarted for a read goal)\n\n${goals(result, rows)}\n`,
  )

  mkdirSync(new URL('bench/results/', root), { recursive: true })
  const json = JSON.stringify(
    { machine: machine(), date: new Date().toISOString(), ...result, rows },
    null,
    2,
  )
  writeFileSync(new URL(`bench/results/${result.quick ? 'quick' : 'latest'}.json`, root), `${json}\n`)
  if (result.quick) return // the docs hold full runs only

  const ceiling = rows.find((row) => row.target === 'raw node:http')
  // One bar for the bare route: its runs beside every row are in the table.
  const firstBare = rows.findIndex(isBare)
  writeFileSync(
    new URL('docs/benchmarks.svg', root),
    renderChart(rows.filter((row, index) => !isBare(row) || index === firstBare)),
  )
  writeFileSync(
    new URL('docs/benchmarks.md', root),
    [
      '# Benchmarks',
      '',
      '<!-- Written by `npm run bench`; do not edit by hand. -->',
      '',
      `Machine: ${machine()}. Run: ${new Date().toISOString().slice(0, 10)}. Load generator: ${result.generator}.`,
      '',
      '## Method',
      '',
      `- Each server runs as its own process pinned to core 0 (\`taskset\`); the load generator (${result.generator})`,
      '  is pinned to core 1. Load goes to one server at a time. This machine’s speed drifts over minutes, so the',
      '  references are measured beside what they judge: the bare route (left running, idle meanwhile) before',
      '  and after every Latchkey row, each row compared with the mean of those two; Argon2id on one core just',
      '  before and after the password login row.',
      `- The generator's ceiling: ${ceiling?.rps ?? '?'} req/s against a raw \`node:http\` server that answers a constant`,
      '  (`bench/targets/raw.ts`). No row can pass it; a row near it measures the generator, not the server (on',
      '  an idle machine wrk reaches several times the bare route; here other work shares its core).',
      '- Two figures per operation: requests per second, and the server process’s CPU time (user + system, all',
      '  threads, from `/proc/<pid>/stat`) per request. The machine is shared: other work on its two cores moves',
      '  req/s from run to run, while CPU per request moves far less. Ratios to the bare route are given from',
      '  both; how the goals are judged is said above their table.',
      `- Every operation: ${result.settings.warmupSeconds} s warm-up (discarded), then ${result.settings.seconds} s measured,`,
      '  32 connections for reads and 8 for password work (Argon2/scrypt saturate the core with fewer).',
      '- Latchkey: a fresh SQLite data directory, production settings (`NODE_ENV=production`, default Argon2id',
      `  parameters m=19456 KiB, t=2, p=1). The large user has ${result.settings.ideas} ideas, seeded through the repository.`,
      '  `/admin/user/find` searches `member-42@`, one address in either coop, so both runs return the same page.',
      '  It runs as `npm start` runs it (`bin/serve.js`), started once on an empty compile cache (a first start: its',
      '  idle RSS is reported) and measured on the restart, which reads stripped TypeScript and bytecode from the cache.',
      '  The first-page ideas rows read a page kept in memory: a user’s first pages are kept until their own next',
      '  write (or any write not made by the idea statements, or another process’s commit), so they measure a',
      '  user reading again what they read before. The deep page (offset 200 and beyond) is read from SQLite',
      '  every time, and so is the page in the row that sends `PUT /ideas/:id` (the user editing one of their',
      '  ideas, a row of its own too) and `GET /ideas?page=1` in turn: a GET there costs about twice that row’s',
      '  CPU per request less the edit’s.',
      '- The bare route: a Fastify app answering one small JSON object: the practical limit of the stack.',
      '- The bare login: a Fastify app that verifies Latchkey’s Argon2id hash of the password sent (one at a',
      '  time), opens a session on SQLite (WAL) and signs an ES256 access token with the ideapool claims: the',
      '  practical limit of a password login on this stack, measured right after the login row (between it and',
      '  the second Argon2id run).',
      '- The bare refresh: a Fastify app that finds and touches one session by its refresh token’s SHA-256 in',
      '  one `UPDATE … RETURNING` on SQLite (WAL) and signs an ES256 access token with the ideapool claims: the',
      '  practical limit of a refresh on this stack, measured right after the refresh row (once, on one process).',
      '- The empty Latchkey route (`GET /health`): what every Latchkey response carries (security headers, CORS,',
      '  request context, metrics; at the bench’s `LOG_LEVEL=warn` no request line is written) and no work,',
      '  measured like a read goal. The Goals section sets each read goal beside it: what the target allows,',
      '  and what the goal’s operation costs above that floor.',
      '- Better Auth: its own server on `node:sqlite`, email + password, rate limit off; `get-session` with the',
      '  cookie cache off and on; `sign-in/email`. Ratios compare `GET /me` to `get-session` (cache off) and',
      '  password login to `sign-in/email`.',
      '- Other work shared the machine’s two cores during this run (the generator’s ceiling and the bare route',
      '  show how much), so req/s here is lower and noisier than on an idle machine; compare rows within the run.',
      '- Where the time goes: `npm run bench:profile` (flame graphs in `docs/flame-*.svg`); whether a change',
      '  helps: `npm run bench:ab -- <checkout> <checkout>`; what each change bought: `bench/levers.md`.',
      '',
      '## Goals',
      '',
      goals(result, rows),
      '',
      '## Results',
      '',
      text,
      '',
      `Argon2id with Latchkey's parameters: ${round(result.argon2.oneCore, 1)} hashes/s on one core (mean of the runs beside the login row), ${round(result.argon2.allCores, 1)} on all cores.`,
      `Latchkey RSS: ${result.memory.latchkeyFirstStartIdleMb} MB idle after a first start, ${result.memory.latchkeyIdleMb} MB idle after a restart, ${result.memory.latchkeyAfterRunMb} MB after the run (in the server process last restarted for a read goal).`,
      '',
      '![Throughput per operation](benchmarks.svg)',
      '',
      ...scalingSection(root),
    ].join('\n'),
  )
}
