import { availableParallelism } from 'node:os'
import type { Config } from '../config/config.ts'
import { createAbuseGuard, isLockoutState, type LockoutPolicy } from './abuse/abuse-guard.ts'
import { type CounterStore, createMemoryCounterStore } from './abuse/counter-store.ts'
import { createAuditLog } from './audit/audit.service.ts'
import { createCaptchaVerifier } from './captcha/captcha.ts'
import type { CoreShared } from './core.shared.ts'
import { createOperatorConsole } from './operator/operator-console.service.ts'
import { createHashingLimiter } from './password/hashing-limiter.ts'
import { createWebhookService } from './webhook/webhook.service.ts'
import { createWebhookDispatcher } from './webhook/webhook-dispatcher.ts'
import { createWebhookSender } from './webhook/webhook-sender.ts'

/** The lockout every tenant starts from (a coop may only tighten it). */
export function lockoutDefaultsOf({ abuse }: Config): LockoutPolicy {
  return {
    threshold: abuse.lockoutThreshold,
    windowSeconds: abuse.lockoutWindowSeconds,
    baseSeconds: abuse.lockoutBaseSeconds,
    maxSeconds: abuse.lockoutMaxSeconds,
    escalationSeconds: abuse.lockoutEscalationSeconds,
  }
}

/** Running the service: audit trail and its webhooks, the operator's console, abuse limits. */
export function createOps(
  { db, config, clock, log, secretBox, keyRing }: CoreShared,
  {
    counterStore,
    lockoutOf,
  }: {
    counterStore: CounterStore | undefined
    /** A tenant's own lockout policy; the tenants group is made after this one. */
    lockoutOf: (tenant: string) => Promise<LockoutPolicy>
  },
) {
  // Outside production any target will do (a receiver on the developer's machine); in production
  // only public https ones, unless the operator allows private addresses (docs/webhooks.md).
  const isProduction = config.env === 'production'
  const allowPrivateTargets = !isProduction || config.webhooks.allowPrivateTargets
  const webhooks = createWebhookService({
    db,
    clock,
    secretBox,
    targets: { requireHttps: isProduction, allowPrivate: allowPrivateTargets },
    // The audit log is made below with this service's fan-out; called only once both exist.
    audit: { record: (event, executor) => audit.record(event, executor) },
  })
  const audit = createAuditLog({ db, clock, onRecorded: webhooks.enqueue })
  const { abuse: abuseConfig } = config
  return {
    audit,
    /** Tenants' webhook endpoints and delivery log (CLI, console). */
    webhooks,
    /** Sends the deliveries: started and stopped with the server, like the mail outbox. */
    webhookDispatcher: createWebhookDispatcher({
      db,
      clock,
      log,
      secretBox,
      send: createWebhookSender({ timeoutMs: config.webhooks.timeoutMs, allowPrivate: allowPrivateTargets }),
      retry: {
        maxAttempts: config.webhooks.maxAttempts,
        baseSeconds: config.webhooks.retryBaseSeconds,
        maxSeconds: config.webhooks.retryMaxSeconds,
      },
      pollSeconds: config.webhooks.pollSeconds,
      timeoutMs: config.webhooks.timeoutMs,
    }),
    /** The console's operators: CLI-made sign-in links and their sessions; signing keys. */
    operatorConsole: createOperatorConsole({ db, clock, keyRing, audit }),
    /** Rate limits and lockout: `rejections` by category, `lockoutRejections`, `lockoutsStarted`. */
    abuse: createAbuseGuard(
      {
        store:
          counterStore ??
          createMemoryCounterStore({
            clock,
            maxEntries: abuseConfig.memoryEntries,
            keepWhenFull: isLockoutState,
          }),
        clock,
        log,
        enabled: abuseConfig.enabled,
        limits: abuseConfig,
        lockout: lockoutDefaultsOf(config),
        lockoutOf,
      },
      config.tenants.defaultIdentifier,
    ),
    captcha: createCaptchaVerifier({
      enabled: config.recaptcha.enabled,
      secret: config.recaptcha.secret,
      minScore: config.recaptcha.minScore,
      verifyUrl: config.recaptcha.verifyUrl,
      timeoutMs: 5_000,
    }),
    /** The Argon2 cap: `active`, `queueDepth`, `busyRejections` (for metrics). */
    hashing: createHashingLimiter({
      concurrency: config.passwords.concurrency || availableParallelism(),
      queueLimit: config.passwords.queueLimit,
    }),
  }
}

export type CoreOps = ReturnType<typeof createOps>
