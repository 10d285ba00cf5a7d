import { flag, integer, secretText } from '../fields.ts'

export const observabilitySection = {
  metricsEnabled: flag({
    env: 'METRICS_ENABLED',
    default: true,
    doc: 'Serve Prometheus metrics at GET /metrics',
  }),
  metricsToken: secretText({
    env: 'METRICS_TOKEN',
    minLength: 16,
    doc: 'Bearer token GET /metrics requires (unset: /metrics is open; keep it off the public network)',
  }),
  metricsGaugeSeconds: integer({
    env: 'METRICS_GAUGE_SECONDS',
    default: 10,
    min: 0,
    max: 3600,
    doc: 'How long a scrape reuses the database gauges (open sessions, outbox backlog); 0: query on every scrape',
  }),
  docsEnabled: flag({
    env: 'DOCS_ENABLED',
    default: true,
    doc: 'Serve the OpenAPI documents at /openapi/<surface>.json and the API explorer at /docs',
  }),
} as const
