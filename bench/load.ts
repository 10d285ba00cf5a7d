import autocannon from 'autocannon'
import { cpuSecondsOf } from './cpu.ts'
import { runWrk, wrkAvailable } from './wrk.ts'

export interface LoadSpec {
  readonly url: string
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  readonly headers?: Record<string, string>
  readonly body?: string
  /** A body with `%d` where each request puts its own number (e.g. unique sign-up emails). */
  readonly bodyTemplate?: string
  /** Another request sent in turn with this one (every second request), on the same server. */
  readonly alternate?: AlternateRequest
  readonly connections: number
  readonly seconds: number
  readonly warmupSeconds: number
  /** The server's process: its CPU time over the measured run gives CPU per request. */
  readonly serverPid?: number
}

export interface AlternateRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Path and query, e.g. `/ideas/…`. */
  readonly path: string
  readonly body?: string
}

export interface LoadResult {
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly requests: number
  readonly errors: number
  readonly non2xx: number
  /** Server CPU (user + system, all threads) per completed request, in microseconds. */
  readonly cpuUs: number | undefined
}

type Raw = Omit<LoadResult, 'cpuUs'>

// autocannon's workers are threads of this process; this many keep one core busy.
const AUTOCANNON_WORKERS = 2

/** Which load generator drives the runs: wrk when installed (Debian package), else autocannon. */
export const generator = wrkAvailable ? 'wrk' : `autocannon (${AUTOCANNON_WORKERS} workers)`

let generatorCore: number | undefined

/** The core wrk is pinned to (autocannon runs in this process, which the bench pins itself). */
export function setGeneratorCore(core: number | undefined): void {
  generatorCore = core
}

let sequence = 0

/** autocannon's request list: each connection sends them in turn. */
function requestsInTurn(spec: LoadSpec, alternate: AlternateRequest) {
  const url = new URL(spec.url)
  return [
    {
      method: spec.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      ...(spec.body !== undefined && { body: spec.body }),
    },
    {
      method: alternate.method,
      path: alternate.path,
      ...(alternate.body !== undefined && { body: alternate.body }),
    },
  ]
}

async function runAutocannon(spec: LoadSpec, seconds: number): Promise<Raw> {
  const template = spec.bodyTemplate
  if (template !== undefined && spec.alternate !== undefined)
    throw new Error('a load spec has either numbered bodies or an alternate request, not both')
  const result = await autocannon({
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...spec.headers },
    ...(spec.body !== undefined && { body: spec.body }),
    // Functions do not cross to worker threads: numbered bodies run on this thread alone.
    ...(template
      ? {
          requests: [
            {
              setupRequest: (request) => ({ ...request, body: template.replace('%d', String(sequence++)) }),
            },
          ],
        }
      : {
          workers: AUTOCANNON_WORKERS,
          ...(spec.alternate !== undefined && { requests: requestsInTurn(spec, spec.alternate) }),
        }),
    connections: spec.connections,
    duration: seconds,
  })
  return {
    rps: Math.round(result.requests.total / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}

function run(spec: LoadSpec, seconds: number): Promise<Raw> {
  if (!wrkAvailable) return runAutocannon(spec, seconds)
  return runWrk({
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...spec.headers },
    ...(spec.body !== undefined && { body: spec.body }),
    ...(spec.bodyTemplate !== undefined && { bodyTemplate: spec.bodyTemplate }),
    ...(spec.alternate !== undefined && { alternate: spec.alternate }),
    connections: spec.connections,
    seconds,
    core: generatorCore,
  })
}

/** Warm-up (discarded), then a measured run with fixed connections and duration. */
export async function measure(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await run(spec, spec.warmupSeconds)
  const cpuBefore = spec.serverPid === undefined ? undefined : cpuSecondsOf(spec.serverPid)
  const result = await run(spec, spec.seconds)
  const cpuUs =
    spec.serverPid === undefined || cpuBefore === undefined || result.requests === 0
      ? undefined
      : Math.round(((cpuSecondsOf(spec.serverPid) - cpuBefore) * 1e6) / result.requests)
  return { ...result, cpuUs }
}
