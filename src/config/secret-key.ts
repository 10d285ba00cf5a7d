import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from './config.ts'

/**
 * The master key: SECRET_KEY, or in development a key generated once into DATA_DIR so that
 * `npm start` needs no setup. Losing that file makes stored secrets (signing keys) unreadable.
 */
export function resolveSecretKey(config: Config, warn: (message: string) => void): string {
  if (config.secrets.secretKey !== undefined) return config.secrets.secretKey
  const file = join(config.storage.dataDir, 'secret.key')
  try {
    return readFileSync(file, 'utf8').trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const key = randomBytes(32).toString('base64url')
  mkdirSync(config.storage.dataDir, { recursive: true })
  // 'wx' fails if another instance wrote it first; then read theirs.
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' })
  } catch {
    return readFileSync(file, 'utf8').trim()
  }
  warn(`SECRET_KEY is not set: generated one into ${file}; set SECRET_KEY in production`)
  return key
}
