import { createPrivateKey, createPublicKey } from 'node:crypto'
import { checkHttpUrls, checkPair } from '../checks.ts'
import type { Config } from '../config.ts'
import { integer, optionalText, secretText, text } from '../fields.ts'

export const kycSection = {
  timeoutMs: integer({
    env: 'KYC_TIMEOUT_MS',
    default: 10_000,
    min: 100,
    max: 120_000,
    doc: 'Longest wait in ms for any call to Veriff or Identyum',
  }),
  veriffBaseUrl: text({
    env: 'VERIFF_BASE_URL',
    default: 'https://stationapi.veriff.com',
    doc: "Veriff's API base URL",
  }),
  veriffApiKey: secretText({
    env: 'VERIFF_API_KEY',
    minLength: 1,
    doc: 'Veriff integration API key (X-AUTH-CLIENT); unset: no Veriff',
  }),
  veriffSecret: secretText({
    env: 'VERIFF_SECRET',
    minLength: 1,
    doc: "Veriff integration's shared secret key (signatures)",
  }),
  identyumBaseUrl: optionalText({
    env: 'IDENTYUM_BASE_URL',
    doc: "Identyum's API base URL; unset: no Identyum",
  }),
  identyumUsername: optionalText({ env: 'IDENTYUM_USERNAME', doc: 'Identyum account username' }),
  identyumPassword: secretText({ env: 'IDENTYUM_PASSWORD', minLength: 1, doc: 'Identyum account password' }),
  identyumPublicKey: optionalText({
    env: 'IDENTYUM_PUBLIC_KEY',
    doc: "Identyum's RSA public key (PEM; \\n for newlines) that signs its reports",
  }),
  identyumPrivateKey: secretText({
    env: 'IDENTYUM_PRIVATE_KEY',
    minLength: 1,
    doc: 'Our RSA private key (PEM; \\n for newlines) that unwraps the report key',
  }),
  identyumWebComponentUrl: optionalText({
    env: 'IDENTYUM_WEB_COMPONENT_URL',
    doc: "URL of Identyum's web component, handed to the browser",
  }),
  identyumInstance: text({
    env: 'IDENTYUM_INSTANCE',
    default: 'default',
    doc: 'This installation among those sharing an Identyum account (reports of others are ignored)',
  }),
} as const

// KYC settings come in pairs, and a key that does not parse must stop the start, not the first report.
export function checkKyc({ kyc }: Config, problems: string[]): void {
  checkPair(problems, ['VERIFF_API_KEY', 'VERIFF_SECRET'], [kyc.veriffApiKey, kyc.veriffSecret])
  checkHttpUrls(problems, [
    ['VERIFF_BASE_URL', kyc.veriffBaseUrl],
    ['IDENTYUM_BASE_URL', kyc.identyumBaseUrl],
  ])
  checkPair(
    problems,
    ['IDENTYUM_PUBLIC_KEY', 'IDENTYUM_PRIVATE_KEY'],
    [kyc.identyumPublicKey, kyc.identyumPrivateKey],
  )
  const pem = (text: string) => text.replace(/\\n/g, '\n')
  try {
    if (kyc.identyumPublicKey !== undefined) createPublicKey(pem(kyc.identyumPublicKey))
  } catch {
    problems.push('IDENTYUM_PUBLIC_KEY: not a PEM public key')
  }
  try {
    if (kyc.identyumPrivateKey !== undefined) createPrivateKey(pem(kyc.identyumPrivateKey))
  } catch {
    problems.push('IDENTYUM_PRIVATE_KEY: not a PEM private key')
  }
}
