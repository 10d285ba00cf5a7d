import { flag, integer } from '../fields.ts'

export const webhooksSection = {
  pollSeconds: integer({
    env: 'WEBHOOK_POLL_SECONDS',
    default: 2,
    min: 1,
    max: 3600,
    doc: 'How often due webhook deliveries are looked for',
  }),
  timeoutMs: integer({
    env: 'WEBHOOK_TIMEOUT_MS',
    default: 10_000,
    min: 100,
    max: 120_000,
    doc: 'Longest wait in ms for a webhook receiver to answer; no answer is a failed attempt',
  }),
  maxAttempts: integer({
    env: 'WEBHOOK_MAX_ATTEMPTS',
    default: 10,
    min: 1,
    max: 100,
    doc: 'Attempts per webhook delivery, the first included, before it is marked failed',
  }),
  retryBaseSeconds: integer({
    env: 'WEBHOOK_RETRY_BASE_SECONDS',
    default: 30,
    min: 1,
    max: 86_400,
    doc: 'Wait before the first retry; it doubles with each retry (the upper half random)',
  }),
  retryMaxSeconds: integer({
    env: 'WEBHOOK_RETRY_MAX_SECONDS',
    default: 21_600,
    min: 1,
    max: 604_800,
    doc: 'Longest wait between two attempts of a webhook delivery',
  }),
  allowPrivateTargets: flag({
    env: 'WEBHOOK_ALLOW_PRIVATE_TARGETS',
    default: false,
    doc: 'In production, let webhook URLs point at loopback and private addresses (always allowed outside production)',
  }),
} as const
