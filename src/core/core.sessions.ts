import type { AuditLog } from './audit/audit.service.ts'
import type { CoreShared } from './core.shared.ts'
import { createOidcClientService } from './oidc/oidc-client.service.ts'
import { createOidcStore } from './oidc/oidc-store.service.ts'
import { createSessionService } from './session/session.service.ts'
import { createTokenService } from './token/token.service.ts'

/**
 * What a sign-in yields: sessions, the tokens that carry them, their keys and ends; the OIDC
 * provider's clients and storage. Session control joins them in createCore: it needs sign-in.
 */
export function createSessions(
  { db, config, clock, log, issuer, secretBox, keyRing, revocations }: CoreShared,
  audit: AuditLog,
) {
  return {
    sessions: createSessionService({ db, clock, revocations, audit }),
    tokens: createTokenService({ clock, keyRing, revocations, issuer, log }),
    keyRing,
    revocations,
    oidcClients: createOidcClientService({ db, clock, secretBox, audit }),
    /** The OpenID Connect provider's storage (codes, tokens, grants, interactions); expired rows swept. */
    oidcStore: createOidcStore({ db, clock, log, sweepSeconds: config.oidc.sweepSeconds }),
  }
}
