import autocannon from 'autocannon'

export interface LoadSpec {
  readonly url: string
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  readonly headers?: Record<string, string>
  readonly body?: string
  /** A fresh body per request (e.g. unique sign-up emails). */
  readonly bodyFor?: (n: number) => string
  readonly connections: number
  readonly seconds: number
  readonly warmupSeconds: number
}

export interface LoadResult {
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly requests: number
  readonly errors: number
  readonly non2xx: number
}

let sequence = 0

function run(spec: LoadSpec, seconds: number): Promise<autocannon.Result> {
  const bodyFor = spec.bodyFor
  return autocannon({
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...spec.headers },
    ...(spec.body !== undefined && { body: spec.body }),
    ...(bodyFor && {
      requests: [
        {
          setupRequest: (request) => ({ ...request, body: bodyFor(sequence++) }),
        },
      ],
    }),
    connections: spec.connections,
    duration: seconds,
  })
}

/** Warm-up (discarded), then a measured run with fixed connections and duration. */
export async function measure(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await run(spec, spec.warmupSeconds)
  const result = await run(spec, spec.seconds)
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}
