import type { Config } from '../config.ts'
import { integer, optionalText, secretText, text } from '../fields.ts'

export const storageSection = {
  dataDir: text({
    env: 'DATA_DIR',
    default: './data',
    doc: 'Directory for the SQLite database and the generated development key',
  }),
  databaseUrl: optionalText({
    env: 'DATABASE_URL',
    doc: 'postgres://… to use PostgreSQL; unset uses SQLite in DATA_DIR',
  }),
  poolSize: integer({
    env: 'DATABASE_POOL_SIZE',
    default: 10,
    min: 1,
    max: 1000,
    doc: 'Connections per instance to PostgreSQL',
  }),
  redisUrl: optionalText({
    env: 'REDIS_URL',
    doc: 'redis://… shared by all instances: ended sessions reach every instance at once (else PostgreSQL LISTEN/NOTIFY)',
  }),
} as const

export const secretsSection = {
  secretKey: secretText({
    env: 'SECRET_KEY',
    minLength: 32,
    doc: 'Master key (32+ characters) that encrypts secrets at rest',
  }),
} as const

export function checkStorage(config: Config, problems: string[]): void {
  const url = config.storage.databaseUrl
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) {
    problems.push('DATABASE_URL: must start with postgres:// (leave unset for SQLite)')
  }
  if (config.env === 'production' && config.secrets.secretKey === undefined) {
    problems.push('SECRET_KEY: required when NODE_ENV=production')
  }
}
