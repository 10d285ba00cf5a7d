import { mailBaseUrlOf } from '../config/config.ts'
import type { AuditLog } from './audit/audit.service.ts'
import { createBankAccountService } from './bank-account/bank-account.service.ts'
import type { CoreShared } from './core.shared.ts'
import { createIdentyumClient } from './kyc/identyum.client.ts'
import { createIdentyumService } from './kyc/identyum.service.ts'
import { createVeriffClient } from './kyc/veriff.client.ts'
import { createVeriffService } from './kyc/veriff.service.ts'

/** Identity verification (Veriff, Identyum) and the bank accounts paid out to. */
export function createKyc({ db, config, clock, log }: CoreShared, audit: AuditLog) {
  const { kyc } = config
  return {
    veriff: createVeriffService({
      db,
      clock,
      log,
      client: createVeriffClient({
        baseUrl: kyc.veriffBaseUrl,
        apiKey: kyc.veriffApiKey,
        secret: kyc.veriffSecret,
        timeoutMs: kyc.timeoutMs,
      }),
      apiKey: kyc.veriffApiKey,
      secret: kyc.veriffSecret,
      callbackBaseUrl: mailBaseUrlOf(config),
      audit,
    }),
    identyum: createIdentyumService({
      db,
      clock,
      log,
      client: createIdentyumClient({
        baseUrl: kyc.identyumBaseUrl,
        username: kyc.identyumUsername,
        password: kyc.identyumPassword,
        instance: kyc.identyumInstance,
        timeoutMs: kyc.timeoutMs,
      }),
      instance: kyc.identyumInstance,
      webComponentUrl: kyc.identyumWebComponentUrl,
      identyumPublicKeyPem: kyc.identyumPublicKey,
      privateKeyPem: kyc.identyumPrivateKey,
      audit,
    }),
    // AMPnet pays out only to the account of a verified person: the bank account sits with KYC.
    bankAccounts: createBankAccountService({ db, clock }),
  }
}
