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
  ].join('\n')
}

if (import.meta.main) {
  const { writeFileSync } = await import('node:fs')
  writeFileSync(new URL('../../docs/configuration.md', import.meta.url), renderConfigDocs())
}
