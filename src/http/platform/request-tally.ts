// Requests and their durations per route pattern and status, counted in plain numbers and written out
// in Prometheus' text format on scrape. prom-client hashes the label values on every observation:
// measured, that was about 6 % of a `GET /me` (bench/levers.md); here a request adds to a tally it
// already holds. prom-client keeps every other metric.

const REQUESTS = 'latchkey_http_requests_total'
const DURATIONS = 'latchkey_http_request_duration_seconds'
/** Upper bounds in seconds; a last, uncounted bucket holds everything above. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const

/** One route pattern and status. */
export interface Tally {
  readonly labels: string
  count: number
  sumSeconds: number
  /** Observations per bucket (not cumulative), the last one above every bound. */
  readonly inBucket: number[]
}

// Prometheus' text format escapes backslash, double quote and line feed in label values.
const labelValue = (value: string) => value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))

export function tallyOf(method: string, route: string, status: number): Tally {
  return {
    labels: `method="${labelValue(method)}",route="${labelValue(route)}",status="${status}"`,
    count: 0,
    sumSeconds: 0,
    inBucket: new Array<number>(BUCKETS.length + 1).fill(0),
  }
}

export function addTo(tally: Tally, seconds: number): void {
  tally.count++
  tally.sumSeconds += seconds
  let bucket = 0
  while (bucket < BUCKETS.length && seconds > (BUCKETS[bucket] as number)) bucket++
  tally.inBucket[bucket] = (tally.inBucket[bucket] as number) + 1
}

/** Both families, as prom-client writes its own: HELP and TYPE even before any request. */
export function tallyText(tallies: Iterable<Tally>): string {
  const counts = [
    `# HELP ${REQUESTS} HTTP requests answered, by route pattern and status`,
    `# TYPE ${REQUESTS} counter`,
  ]
  const durations = [
    `# HELP ${DURATIONS} Time from request to response, by route pattern and status`,
    `# TYPE ${DURATIONS} histogram`,
  ]
  for (const tally of tallies) {
    counts.push(`${REQUESTS}{${tally.labels}} ${tally.count}`)
    let cumulative = 0
    BUCKETS.forEach((bound, bucket) => {
      cumulative += tally.inBucket[bucket] as number
      durations.push(`${DURATIONS}_bucket{le="${bound}",${tally.labels}} ${cumulative}`)
    })
    durations.push(`${DURATIONS}_bucket{le="+Inf",${tally.labels}} ${tally.count}`)
    durations.push(`${DURATIONS}_sum{${tally.labels}} ${tally.sumSeconds}`)
    durations.push(`${DURATIONS}_count{${tally.labels}} ${tally.count}`)
  }
  return `${counts.join('\n')}\n\n${durations.join('\n')}\n`
}
