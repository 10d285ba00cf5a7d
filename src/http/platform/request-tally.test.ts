import assert from 'node:assert/strict'
import { it } from 'node:test'
import { Counter, Histogram, Registry } from 'prom-client'
import { addTo, tallyOf, tallyText } from './request-tally.ts'

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

it('writes the same text as prom-client would for the same requests', async () => {
  const registry = new Registry()
  const labelNames = ['method', 'route', 'status'] as const
  const requests = new Counter({
    name: 'latchkey_http_requests_total',
    help: 'HTTP requests answered, by route pattern and status',
    labelNames,
    registers: [registry],
  })
  const durations = new Histogram({
    name: 'latchkey_http_request_duration_seconds',
    help: 'Time from request to response, by route pattern and status',
    labelNames,
    buckets: BUCKETS,
    registers: [registry],
  })
  const observed: [string, string, number, number][] = [
    ['GET', '/me', 200, 0.0004],
    ['GET', '/me', 200, 0.001], // on a bound: counted in it (le is "less or equal")
    ['GET', '/me', 200, 0.3],
    ['GET', '/me', 401, 7], // above every bound: only +Inf
    ['POST', '/odd"\\\nroute', 201, 0.02], // label values escaped as the format says
  ]
  const tallies = new Map<string, ReturnType<typeof tallyOf>>()
  for (const [method, route, status, seconds] of observed) {
    const key = `${method} ${route} ${status}`
    const tally = tallies.get(key) ?? tallyOf(method, route, status)
    tallies.set(key, tally)
    addTo(tally, seconds)
    requests.inc({ method, route, status: String(status) })
    durations.observe({ method, route, status: String(status) }, seconds)
  }
  assert.equal(tallyText(tallies.values()), await registry.metrics())
})

it('names both families before any request', () => {
  assert.equal(
    tallyText([]),
    [
      '# HELP latchkey_http_requests_total HTTP requests answered, by route pattern and status',
      '# TYPE latchkey_http_requests_total counter',
      '',
      '# HELP latchkey_http_request_duration_seconds Time from request to response, by route pattern and status',
      '# TYPE latchkey_http_request_duration_seconds histogram',
      '',
    ].join('\n'),
  )
})
