import { listFields } from './config.ts'

function shown(value: unknown): string {
  if (value === undefined) return '—'
  if (value === '') return '(empty)'
  return `\`${String(value)}\``
}

/** docs/configuration.md, rendered from the schema so that the two cannot drift. */
export function renderConfigDocs(): string {
  const rows = listFields().map(
    ({ path, field }) =>
      `| \`${field.env}\` | ${shown(field.defaultValue)} | ${field.description} | \`${path}\` |`,
  )
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/config/config.ts by `npm run docs:config`; do not edit by hand. -->',
    '',
    'Latchkey reads its settings from environment variables once, at start-up, and refuses to start',
    'when any is invalid, listing every problem. Unset variables take the default shown.',
    '',
    '| variable | default | meaning | config path |',
    '|---|---|---|---|',
    ...rows,
    '',
    '## Start-up warnings',
    '',
    'These do not stop the server; it logs each as one `warn` line (and `latchkey config check` prints',
    'them on stderr):',
    '',
    '- A variable one edit from a setting above (two for names longer than six letters), or one of them',
    '  in another case, e.g. `REDIS_URI` or `log_level`: it is ignored, so the setting keeps its default.',
    '  Ordinary variables (`PATH`, `HOME`, `NODE_OPTIONS`, `npm_*`, …) are never named.',
    '- With `NODE_ENV=production`: `CORS_ORIGINS` containing `*` (any website may call the sign-in and',
    '  token APIs from a browser), and a `PUBLIC_URL` that is unset or `http://` (tokens and mail links',
    '  would name a plain-HTTP address).',
    '',
  ].join('\n')
}

if (import.meta.main) {
  const { writeFileSync } = await import('node:fs')
  writeFileSync(new URL('../../docs/configuration.md', import.meta.url), renderConfigDocs())
}
