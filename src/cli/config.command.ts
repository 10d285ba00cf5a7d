import { type Config, ConfigError, listFields, loadConfig } from '../config/config.ts'
import { configWarnings } from '../config/config-warnings.ts'
import type { Command } from './command.ts'
import { EXIT_CONFIG } from './command.ts'

/** A URL's password (postgres://user:pass@…, smtp://…) is as secret as a secret field. */
function withoutUrlPassword(value: string): string {
  if (!URL.canParse(value)) return value
  const url = new URL(value)
  if (url.password === '') return value
  url.password = 'redacted'
  return url.toString()
}

function valueAt(config: Config, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], config)
}

/** One `NAME=value` line per setting, in schema order; secrets never shown. */
export function describeConfig(config: Config, env: Readonly<Record<string, string | undefined>>): string {
  return listFields()
    .map(({ path, field }) => {
      const value = valueAt(config, path)
      const shown =
        value === undefined ? '(unset)' : field.secret ? '(redacted)' : withoutUrlPassword(String(value))
      const source = env[field.env] === undefined || env[field.env] === '' ? '  # default' : ''
      return `${field.env}=${shown}${source}\n`
    })
    .join('')
}

export const configCheckCommand: Command = {
  name: 'config check',
  summary: 'validate the environment configuration and print it, secrets redacted',
  help: `Usage: latchkey config check

Reads the configuration exactly as the server would. When a setting is wrong, prints every problem
(one per line) on stderr and exits with 78; otherwise prints the effective configuration, one
NAME=value per line ("# default" marks settings not set in the environment). Secret settings and
passwords inside URLs are shown as "redacted". Warnings the server would log at start-up (a
variable that looks like a misspelt setting, production settings that expose too much) go to stderr.

Example:
  NODE_ENV=production SECRET_KEY=… latchkey config check`,
  async run(_parsed, env) {
    try {
      const config = loadConfig(env)
      for (const warning of configWarnings(config, env)) process.stderr.write(`warning: ${warning}\n`)
      process.stdout.write(describeConfig(config, env))
      return 0
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      process.stderr.write(`invalid configuration (${error.problems.length} problem(s)):\n`)
      for (const problem of error.problems) process.stderr.write(`  ${problem}\n`)
      return EXIT_CONFIG
    }
  },
}
