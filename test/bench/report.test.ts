import assert from 'node:assert/strict'
import { it } from 'node:test'
import {
  type BenchResult,
  FLOOR_OPERATION,
  floorLines,
  limitLines,
  medianRun,
  type Row,
  rate,
} from '../../bench/report.ts'

const row = (target: string, operation: string, rps: number, cpuUs: number): Row => ({
  target,
  operation,
  comparable: undefined,
  rps,
  cpuUs,
  p50: 1,
  p99: 2,
  requests: rps * 10,
  errors: 0,
  non2xx: 0,
})

const result = (rows: Row[]): BenchResult => ({
  quick: true,
  settings: { seconds: 10, warmupSeconds: 2, ideas: 10, coopUsers: 10 },
  rows,
  memory: {},
  argon2: { oneCore: 80, allCores: 120 },
  generator: 'wrk',
})

it('judges each row against the bare runs just before and after it, not the run minutes away', () => {
  const rated = rate(
    result([
      row('raw node:http', 'GET /', 40_000, 25),
      row('bare', 'GET /me', 30_000, 30),
      row('latchkey', 'GET /me', 15_000, 60),
      row('bare', 'GET /me', 20_000, 40),
      row('latchkey', 'GET /test/secure', 10_000, 80),
      row('bare', 'GET /me', 40_000, 20),
      row('latchkey', 'POST /users', 50, 20_000),
    ]),
  )
  const of = (operation: string) =>
    rated.find((rated) => rated.operation === operation && rated.target === 'latchkey')
  // Between the runs at 30 and 40 µs: their mean, 35, over 60.
  assert.equal(of('GET /me')?.cpuVsBare, 0.583)
  assert.equal(of('GET /me')?.vsBare, 0.6)
  assert.equal(of('GET /test/secure')?.cpuVsBare, 0.375)
  assert.equal(of('GET /test/secure')?.vsBare, 0.333)
  // Only a run before it: that one alone.
  assert.equal(of('POST /users')?.cpuVsBare, 0.001)
  assert.equal(of('POST /users')?.vsBare, 0.001)
  // The bare runs are the references, not rated themselves.
  assert.deepEqual(
    rated.filter((rated) => rated.target === 'bare').map((rated) => [rated.vsBare, rated.cpuVsBare]),
    [
      [undefined, undefined],
      [undefined, undefined],
      [undefined, undefined],
    ],
  )
})

it('makes a read goal’s row of the run with the median CPU, and keeps every run’s', () => {
  const runs = [
    row('latchkey', 'GET /me', 9_000, 110),
    row('latchkey', 'GET /me', 11_000, 90),
    row('latchkey', 'GET /me', 10_000, 100),
  ]
  assert.deepEqual(medianRun(runs), { ...runs[2], processRuns: [110, 90, 100] })
  // An even count takes the lower middle: the row is always one that was measured.
  assert.equal(medianRun(runs.slice(0, 2)).cpuUs, 90)
})

it('sets each read goal beside the empty Latchkey route: what the target allows and what the goal adds', () => {
  const rated = rate(
    result([
      row('bare', 'GET /me', 30_000, 30),
      row('latchkey', FLOOR_OPERATION, 18_000, 50),
      row('bare', 'GET /me', 30_000, 34),
      row('latchkey', 'GET /me (ideapool token)', 15_000, 55),
      row('bare', 'GET /me', 30_000, 36),
      row('latchkey', 'POST /access-tokens/refresh', 4_000, 250),
      row('bare', 'GET /me', 30_000, 40),
    ]),
  )
  assert.deepEqual(floorLines(rated), [
    '',
    'The empty Latchkey route (`GET /health`: the headers, CORS, request context and metrics every response carries, and no work) took 50 µs of CPU per request, 0.64 of the bare route beside it (32 µs). Each read goal against that floor:',
    '',
    '| goal | Latchkey µs per request | µs the target allows (bare ÷ target) | above the empty route |',
    '|---|---|---|---|',
    // GET /me: bare beside it (34 + 36) / 2 = 35, over 0.6; refresh: (36 + 40) / 2 = 38, over 0.25.
    '| GET /me | 55 | 58 | 5 |',
    '| refresh | 250 | 152 | 200 |',
  ])
  // Without the empty route's row (an --only run that left it out) there is nothing to set beside.
  assert.deepEqual(floorLines(rated.filter((rated) => rated.operation !== FLOOR_OPERATION)), [])
})

it('sets the login and the refresh beside the bare ones measured after them, which are not rated', () => {
  const rated = rate(
    result([
      row('bare', 'GET /me', 30_000, 20),
      row('latchkey', 'POST /access-tokens/refresh', 8_000, 100),
      row('bare refresh', 'POST /refresh (session touched, token signed)', 12_000, 50),
      row('bare', 'GET /me', 30_000, 30),
      row('latchkey', 'POST /access-tokens (password login)', 80, 12_500),
      row('bare login', 'POST /login (hash verified, session opened, token signed)', 100, 10_000),
      row('bare', 'GET /me', 30_000, 30),
    ]),
  )
  const references = rated.filter((rated) => rated.target.startsWith('bare '))
  assert.deepEqual(
    references.map((rated) => [rated.target, rated.vsBare, rated.cpuVsBare]),
    [
      ['bare refresh', undefined, undefined],
      ['bare login', undefined, undefined],
    ],
  )
  // Raw Argon2id at 80 hashes/s: the bare login at 100/s is 1.25 of it. The bare route beside the
  // refresh row: (20 + 30) / 2 = 25 µs, 0.5 of the bare refresh's 50.
  assert.deepEqual(
    limitLines(rated, 80).filter((line) => line !== ''),
    [
      'The password login against the stack’s own limit for one: a bare Fastify route that does what any login ' +
        'must: it verifies the same Argon2id hash (one verification at a time, as Latchkey does on one core), opens ' +
        'a session on SQLite (WAL) and signs an ES256 token with the same claims (`bench/targets/bare-login.ts`), ' +
        'measured right after the login row: 100 logins/s, 1.25 of raw Argon2id. Latchkey’s login ran at 0.8 of ' +
        'it. CPU per login: 12500 µs against the bare one’s 10000 µs, 2500 µs of Latchkey’s own work (its audit ' +
        'record, lockout, second-factor checks and the rest).',
      'The refresh against the stack’s own limit for one: a bare Fastify route that finds and touches the session ' +
        'by its token’s SHA-256 in one `UPDATE … RETURNING` on SQLite (WAL) and signs an ES256 token with the same ' +
        'claims (`bench/targets/bare-refresh.ts`), measured right after the refresh row: 50 µs of CPU per request, ' +
        '0.5 of the bare route beside the refresh row. Latchkey’s refresh ran at 0.5 of it (CPU). CPU per request: ' +
        '100 µs against the bare one’s 50 µs, 50 µs of Latchkey’s own work (the request’s shared features, its limit, ' +
        'its user and the claims they carry).',
    ],
  )
  // A run without the references (--only) has nothing to set beside.
  assert.deepEqual(
    limitLines(
      rated.filter((rated) => !references.includes(rated)),
      80,
    ),
    [],
  )
})
