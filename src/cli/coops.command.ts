import { type Command, requiredText, table, text, wholeNumber } from './command.ts'
import { withCore } from './context.ts'
import { coopsSetSignUpCommand } from './coops-sign-up.command.ts'

export const coopsCreateCommand: Command = {
  name: 'coops create',
  summary: 'create an AMPnet coop (a tenant)',
  help: `Usage: latchkey coops create <identifier> --name <name> [--hostname <host>]

<identifier> is 1-64 lower-case letters, digits or dashes, used in AMPnet's "coop" fields and in
mail links. Works even when AMPNET_COOP_CREATION switches the public POST /coop off.
  --name <name>          display name (up to 128 characters)
  --hostname <host>      the host its web app is served at (AMPnet's public config lookup)

Example:
  latchkey coops create my-coop --name "My Coop" --hostname coop.example.com`,
  options: { name: { type: 'string' }, hostname: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(parsed, env) {
    const name = requiredText(parsed, 'name', this.name)
    return withCore(env, async (core) => {
      const { tenant } = await core.tenants.coops.create(
        { identifier: parsed.positionals[0] ?? '', name, hostname: text(parsed, 'hostname') },
        {},
        true,
      )
      process.stdout.write(`created coop ${tenant.identifier} (${tenant.id})\n`)
      return 0
    })
  },
}

export const coopsListCommand: Command = {
  name: 'coops list',
  summary: 'list the coops (tenants) with their user counts',
  help: `Usage: latchkey coops list

Every coop, oldest first (the default one is created on first start): identifier, name, host name,
number of users, creation time.

Example:
  latchkey coops list`,
  async run(_parsed, env) {
    return withCore(env, async (core) => {
      const rows: string[][] = []
      for (const tenant of await core.tenants.coops.list()) {
        rows.push([
          tenant.identifier,
          tenant.name,
          tenant.hostname ?? '',
          String((await core.identity.userAdmin.counts(tenant.id)).registered),
          tenant.createdAt.toISOString(),
        ])
      }
      process.stdout.write(table(['IDENTIFIER', 'NAME', 'HOSTNAME', 'USERS', 'CREATED'], rows))
      return 0
    })
  },
}

export const coopsSetLockoutCommand: Command = {
  name: 'coops set-lockout',
  summary: "give a coop its own sign-in lockout (or back the installation's)",
  help: `Usage: latchkey coops set-lockout <identifier> [--threshold <n>] [--base-seconds <s>] [--max-seconds <s>]

Replaces the coop's own lockout. Settings left out follow the installation's LOCKOUT_THRESHOLD,
LOCKOUT_BASE_SECONDS and LOCKOUT_MAX_SECONDS again; with none given, the coop has no lockout of its
own. Running instances take the change within a minute.
  --threshold <n>        failed sign-ins within LOCKOUT_WINDOW_SECONDS that lock an account (0: no lockout)
  --base-seconds <s>     the first lock's length; each further lock doubles it
  --max-seconds <s>      the longest lock

Example:
  latchkey coops set-lockout my-coop --threshold 5 --max-seconds 3600`,
  options: {
    threshold: { type: 'string' },
    'base-seconds': { type: 'string' },
    'max-seconds': { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(parsed, env) {
    const threshold = wholeNumber(parsed, 'threshold', this.name)
    const baseSeconds = wholeNumber(parsed, 'base-seconds', this.name)
    const maxSeconds = wholeNumber(parsed, 'max-seconds', this.name)
    const identifier = parsed.positionals[0] ?? ''
    return withCore(env, async (core) => {
      const policy = await core.tenants.tenantLockouts.set(identifier, {
        ...(threshold !== undefined && { threshold }),
        ...(baseSeconds !== undefined && { baseSeconds }),
        ...(maxSeconds !== undefined && { maxSeconds }),
      })
      process.stdout.write(
        `coop ${identifier}: lockout after ${policy.threshold} failures within ${policy.windowSeconds} s, ` +
          `${policy.baseSeconds} s doubling up to ${policy.maxSeconds} s\n`,
      )
      return 0
    })
  },
}

export const coopsCommands = [
  coopsCreateCommand,
  coopsListCommand,
  coopsSetLockoutCommand,
  coopsSetSignUpCommand,
]
