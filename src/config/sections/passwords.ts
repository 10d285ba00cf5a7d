import { DAY_SECONDS, flag, integer, optionalText } from '../fields.ts'

export const passwordsSection = {
  argon2MemoryKib: integer({
    env: 'ARGON2_MEMORY_KIB',
    default: 19_456,
    min: 8,
    doc: 'Argon2id memory cost in KiB (OWASP minimum 19456)',
  }),
  argon2Iterations: integer({
    env: 'ARGON2_ITERATIONS',
    default: 2,
    min: 1,
    max: 100,
    doc: 'Argon2id time cost (OWASP minimum 2)',
  }),
  argon2Parallelism: integer({
    env: 'ARGON2_PARALLELISM',
    default: 1,
    min: 1,
    max: 16,
    doc: 'Argon2id parallelism',
  }),
  concurrency: integer({
    env: 'ARGON2_CONCURRENCY',
    default: 0,
    min: 0,
    max: 1024,
    doc: 'Most password hashes/verifications running at once (0: one per core, os.availableParallelism())',
  }),
  queueLimit: integer({
    env: 'ARGON2_QUEUE_LIMIT',
    default: 100,
    min: 0,
    max: 100_000,
    doc: 'Most password hashes waiting for a free slot; beyond it requests get 503 with Retry-After',
  }),
  failureMinimumMs: integer({
    env: 'PASSWORD_FAILURE_MIN_MS',
    default: 0,
    min: 0,
    max: 10_000,
    doc: 'Least time a failed password check or unknown account takes; failures also wait for the slowest hash kind met (imported bcrypt)',
  }),
  breachedUrl: optionalText({
    env: 'BREACHED_PASSWORDS_URL',
    doc: 'k-anonymity range API refusing breached passwords (e.g. https://api.pwnedpasswords.com); unset: off',
  }),
  breachedTimeoutMs: integer({
    env: 'BREACHED_PASSWORDS_TIMEOUT_MS',
    default: 2_000,
    min: 100,
    max: 60_000,
    doc: 'Longest wait in ms for the breached-password range API',
  }),
  breachedFailOpen: flag({
    env: 'BREACHED_PASSWORDS_FAIL_OPEN',
    default: true,
    doc: 'Accept the password when the range API cannot answer (false: refuse with a 503-like error)',
  }),
  breachedCacheSeconds: integer({
    env: 'BREACHED_PASSWORDS_CACHE_SECONDS',
    default: 3_600,
    min: 0,
    max: 7 * DAY_SECONDS,
    doc: 'How long a range answer is cached per SHA-1 prefix (0: not cached)',
  }),
  breachedCacheEntries: integer({
    env: 'BREACHED_PASSWORDS_CACHE_ENTRIES',
    default: 1_000,
    min: 0,
    max: 100_000,
    doc: 'Most SHA-1 prefixes cached at once (about 30 KB each); the oldest is dropped first',
  }),
} as const
