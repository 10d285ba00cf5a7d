import { type Command, requiredText, table, text } from './command.ts'
import { withCore } from './context.ts'

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
      const { tenant } = await core.coops.create(
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
      for (const tenant of await core.coops.list()) {
        rows.push([
          tenant.identifier,
          tenant.name,
          tenant.hostname ?? '',
          String((await core.userAdmin.counts(tenant.id)).registered),
          tenant.createdAt.toISOString(),
        ])
      }
      process.stdout.write(table(['IDENTIFIER', 'NAME', 'HOSTNAME', 'USERS', 'CREATED'], rows))
      return 0
    })
  },
}

export const coopsCommands = [coopsCreateCommand, coopsListCommand]
