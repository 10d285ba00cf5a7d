import { type Config, publicUrlOf } from '../config/config.ts'
import { isOidcGrantType, type OidcGrantType } from '../core/oidc/oidc-client.ts'
import type { Tenant } from '../core/tenant/tenant.ts'
import { CliError, type Command, EXIT_USAGE, type Parsed, requiredText, table } from './command.ts'
import { COOP_HELP, coopOptions, withCoop } from './context.ts'

function list(parsed: Parsed, name: string): string[] {
  const value = parsed.values[name]
  return (Array.isArray(value) ? value : [value]).filter((each): each is string => typeof each === 'string')
}

/** The OpenID Connect issuer of a tenant (OIDC_PREFIX, and /t/<identifier> for all but the default). */
function issuerOf(config: Config, tenant: Tenant): string {
  const base = `${publicUrlOf(config)}${config.oidc.prefix}`
  return tenant.identifier === config.tenants.defaultIdentifier ? base : `${base}/t/${tenant.identifier}`
}

const DEFAULT_GRANTS: readonly OidcGrantType[] = ['authorization_code', 'refresh_token']

export const clientsCreateCommand: Command = {
  name: 'clients create',
  summary: 'register an application that signs its users in with OpenID Connect',
  help: `Usage: latchkey clients create --name <name> [--redirect-uri <url>]… [options]

Prints the client id and, for a confidential client, its secret: shown this once only (it is stored
encrypted with SECRET_KEY). Redirect URIs must match exactly what the application sends.
  --name <name>                       shown on the sign-in and consent pages
  --redirect-uri <url>                where the user returns with the code (repeatable)
  --post-logout-redirect-uri <url>    where the user may return after signing out (repeatable)
  --grant <type>                      authorization_code, refresh_token, client_credentials
                                      (repeatable; default authorization_code and refresh_token)
  --resource <url>                    an API the client may ask tokens for: JWTs with that aud (repeatable)
  --public                            no secret (single-page or mobile app); PKCE protects the code
  --skip-consent                      a first-party app: its users are not asked to allow access
${COOP_HELP}

Example:
  latchkey clients create --name "My App" --redirect-uri https://app.example.com/callback`,
  options: {
    ...coopOptions,
    name: { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
    'post-logout-redirect-uri': { type: 'string', multiple: true },
    grant: { type: 'string', multiple: true },
    resource: { type: 'string', multiple: true },
    public: { type: 'boolean' },
    'skip-consent': { type: 'boolean' },
  },
  async run(parsed, env) {
    const name = requiredText(parsed, 'name', this.name)
    const grants = list(parsed, 'grant')
    const unknown = grants.find((grant) => !isOidcGrantType(grant))
    if (unknown !== undefined)
      throw new CliError(`unknown --grant ${unknown} (see latchkey ${this.name} --help)`, EXIT_USAGE)
    return withCoop(env, parsed, async (core, tenant, config) => {
      const { client, secret } = await core.sessions.oidcClients.create({
        tenantId: tenant.id,
        name,
        redirectUris: list(parsed, 'redirect-uri'),
        postLogoutRedirectUris: list(parsed, 'post-logout-redirect-uri'),
        grantTypes: grants.length === 0 ? DEFAULT_GRANTS : grants.filter(isOidcGrantType),
        isPublic: parsed.values.public === true,
        resources: list(parsed, 'resource'),
        skipConsent: parsed.values['skip-consent'] === true,
      })
      process.stdout.write(
        [
          `client_id: ${client.id}`,
          secret === undefined ? 'client_secret: none (public client: use PKCE)' : `client_secret: ${secret}`,
          `issuer: ${issuerOf(config, tenant)}`,
          `discovery: ${issuerOf(config, tenant)}/.well-known/openid-configuration`,
          '',
        ].join('\n'),
      )
      return 0
    })
  },
}

export const clientsListCommand: Command = {
  name: 'clients list',
  summary: "list a coop's OpenID Connect clients",
  help: `Usage: latchkey clients list [--coop <identifier>]

One line per client, oldest first: id, name, type (confidential or public), grants, redirect URIs.
Secrets are never shown again.
${COOP_HELP}

Example:
  latchkey clients list`,
  options: coopOptions,
  async run(parsed, env) {
    return withCoop(env, parsed, async (core, tenant) => {
      const rows = (await core.sessions.oidcClients.list(tenant.id)).map((client) => [
        client.id,
        client.name,
        client.isPublic ? 'public' : 'confidential',
        client.grantTypes.join(','),
        client.redirectUris.join(' ') || '-',
      ])
      process.stdout.write(table(['CLIENT_ID', 'NAME', 'TYPE', 'GRANTS', 'REDIRECT_URIS'], rows))
      return 0
    })
  },
}

export const clientsDeleteCommand: Command = {
  name: 'clients delete',
  summary: 'delete an OpenID Connect client (its tokens stop working)',
  help: `Usage: latchkey clients delete <client_id> [--coop <identifier>]

${COOP_HELP}

Example:
  latchkey clients delete 0b9f6c1e-5a4c-4f0e-9c51-2d1f9e2a7b10`,
  options: coopOptions,
  positionals: { min: 1, max: 1 },
  async run(parsed, env) {
    return withCoop(env, parsed, async (core, tenant) => {
      const clientId = parsed.positionals[0] ?? ''
      if (!(await core.sessions.oidcClients.delete(tenant.id, clientId)))
        throw new CliError(`no client "${clientId}" in coop ${tenant.identifier}`)
      process.stdout.write(`deleted client ${clientId}\n`)
      return 0
    })
  },
}

export const clientsCommands = [clientsCreateCommand, clientsListCommand, clientsDeleteCommand]
