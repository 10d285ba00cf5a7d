import type { Field } from './fields.ts'
import { abuseSection } from './sections/abuse.ts'
import { checkKyc, kycSection } from './sections/kyc.ts'
import { checkMail, mailSection } from './sections/mail.ts'
import { checkWebauthn, mfaSection, webauthnSection } from './sections/mfa.ts'
import { observabilitySection } from './sections/observability.ts'
import { checkOidc, oidcSection } from './sections/oidc.ts'
import { passwordsSection } from './sections/passwords.ts'
import { checkRecaptcha, recaptchaSection } from './sections/recaptcha.ts'
import { checkServer, logSection, runModeField, serverSection } from './sections/server.ts'
import { checkSocial, checkSocialInProduction, socialSection } from './sections/social.ts'
import { checkStorage, secretsSection, storageSection } from './sections/storage.ts'
import {
  ampnetSection,
  authheaderSection,
  ideapoolSection,
  pagesSection,
  tenantsSection,
  usersSection,
} from './sections/surfaces.ts'
import { checkIssuerInProduction, tokensSection } from './sections/tokens.ts'
import { webhooksSection } from './sections/webhooks.ts'

export { mailBaseUrlOf, pagesUrlOf, publicUrlOf, webauthnRelyingPartyOf } from './urls.ts'

// Every setting Latchkey reads, grouped as the code uses them. Defaults serve a newcomer's
// `npm start`: SQLite under ./data, port 3000, every surface at `/`. The order here is the
// order of docs/configuration.md and of the problems a bad environment reports.
export const configSchema = {
  env: runModeField,
  server: serverSection,
  log: logSection,
  observability: observabilitySection,
  storage: storageSection,
  secrets: secretsSection,
  tokens: tokensSection,
  passwords: passwordsSection,
  abuse: abuseSection,
  tenants: tenantsSection,
  ideapool: ideapoolSection,
  authheader: authheaderSection,
  users: usersSection,
  ampnet: ampnetSection,
  oidc: oidcSection,
  pages: pagesSection,
  webauthn: webauthnSection,
  mfa: mfaSection,
  recaptcha: recaptchaSection,
  social: socialSection,
  mail: mailSection,
  kyc: kycSection,
  webhooks: webhooksSection,
} as const

type Parsed<S> = S extends Field<infer T> ? T : { readonly [K in keyof S]: Parsed<S[K]> }
export type Config = Parsed<typeof configSchema>

/** A rule across fields: it appends a problem naming the variables to fix. */
export type ConfigCheck = (config: Config, problems: string[]) => void

// Settings that contradict each other first; then what production adds, which tells the
// operator what else to set once the rest is consistent.
const checks: readonly ConfigCheck[] = [
  checkKyc,
  checkSocial,
  checkRecaptcha,
  checkStorage,
  checkServer,
  checkOidc,
  checkWebauthn,
  checkMail,
  checkIssuerInProduction,
  checkSocialInProduction,
]

export class ConfigError extends Error {
  readonly problems: readonly string[]
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`)
    this.problems = problems
  }
}

function isField(node: unknown): node is Field<unknown> {
  return typeof node === 'object' && node !== null && 'env' in node && 'parse' in node
}

/** Every field with its dotted path, in schema order: the basis of config docs and redaction. */
export function listFields(
  node: object = configSchema,
  path = '',
): { path: string; field: Field<unknown> }[] {
  return Object.entries(node).flatMap(([key, child]) => {
    const childPath = path === '' ? key : `${path}.${key}`
    return isField(child) ? [{ path: childPath, field: child }] : listFields(child as object, childPath)
  })
}

function parseNode(
  node: object,
  env: Readonly<Record<string, string | undefined>>,
  problems: string[],
): object {
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(node)) {
    if (!isField(child)) {
      out[key] = parseNode(child as object, env, problems)
      continue
    }
    const raw = env[child.env]
    if (raw === undefined || raw === '') {
      out[key] = child.defaultValue
      continue
    }
    try {
      out[key] = child.parse(raw)
    } catch (error) {
      problems.push(`${child.env}: ${(error as Error).message}`)
    }
  }
  return Object.freeze(out)
}

/** Every COUNT/SECONDS rate-limit variable set to `value` (the bench and tests set them all at once). */
export function everyRateLimit(value: string): Record<string, string> {
  const limits = listFields().filter(
    ({ field }) =>
      typeof field.defaultValue === 'object' &&
      field.defaultValue !== null &&
      'windowSeconds' in field.defaultValue,
  )
  return Object.fromEntries(limits.map(({ field }) => [field.env, value]))
}

/** Parses the environment once; throws a ConfigError that lists every bad setting. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const problems: string[] = []
  const config = parseNode(configSchema, env, problems) as Config
  for (const check of checks) check(config, problems)
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}
