import { type Command, table, text } from './command.ts'
import { COOP_HELP, coopOptions, withCoop } from './context.ts'
import { webhooksDeliveriesCommand } from './webhook-deliveries.command.ts'

export const webhooksAddCommand: Command = {
  name: 'webhooks add',
  summary: "add a coop's webhook endpoint; prints its signing secret once",
  help: `Usage: latchkey webhooks add <url> [--events <type,type,…>] [--coop <identifier>]

Audit events of the coop are POSTed to <url>, signed by the Standard Webhooks scheme with the
secret printed here (whsec_…): store it with the receiver, it is not shown again. In production the
URL must be https and public (WEBHOOK_ALLOW_PRIVATE_TARGETS allows private addresses).
  --events <types>      comma-separated event types to send (default: every event), e.g.
                        sign_in.failed,password.changed (see docs/webhooks.md)
${COOP_HELP}

Example:
  latchkey webhooks add https://siem.example.com/latchkey --events sign_in.failed,role.changed`,
  options: { events: { type: 'string' }, ...coopOptions },
  positionals: { min: 1, max: 1 },
  async run(parsed, env) {
    const events = text(parsed, 'events')
    return withCoop(env, parsed, async (core, tenant) => {
      const { endpoint, secret } = await core.ops.webhooks.add({
        tenantId: tenant.id,
        url: parsed.positionals[0] ?? '',
        eventTypes: events
          ?.split(',')
          .map((type) => type.trim())
          .filter((type) => type !== ''),
      })
      process.stdout.write(
        `added webhook endpoint ${endpoint.id} for coop ${tenant.identifier}\nsecret: ${secret}\n`,
      )
      return 0
    })
  },
}

export const webhooksListCommand: Command = {
  name: 'webhooks list',
  summary: "list a coop's webhook endpoints",
  help: `Usage: latchkey webhooks list [--coop <identifier>]

The coop's endpoints, oldest first: id, state (enabled, disabled), the event types sent (* for
every event), URL and creation time. Secrets are never shown again.
${COOP_HELP}

Example:
  latchkey webhooks list --coop my-coop`,
  options: coopOptions,
  async run(parsed, env) {
    return withCoop(env, parsed, async (core, tenant) => {
      const rows = (await core.ops.webhooks.list(tenant.id)).map((endpoint) => [
        endpoint.id,
        endpoint.enabled ? 'enabled' : 'disabled',
        endpoint.eventTypes?.join(',') ?? '*',
        endpoint.url,
        endpoint.createdAt.toISOString(),
      ])
      process.stdout.write(table(['ID', 'STATE', 'EVENTS', 'URL', 'CREATED'], rows))
      return 0
    })
  },
}

/** `remove`, `enable` and `disable`: one endpoint, named by its id. */
function endpointCommand(verb: 'remove' | 'enable' | 'disable', summary: string, detail: string): Command {
  return {
    name: `webhooks ${verb}`,
    summary,
    help: `Usage: latchkey webhooks ${verb} <endpoint id> [--coop <identifier>]

${detail}
${COOP_HELP}

Example:
  latchkey webhooks ${verb} 0b6c…`,
    options: coopOptions,
    positionals: { min: 1, max: 1 },
    async run(parsed, env) {
      const id = parsed.positionals[0] ?? ''
      return withCoop(env, parsed, async (core, tenant) => {
        if (verb === 'remove') await core.ops.webhooks.remove(tenant.id, id)
        else await core.ops.webhooks.setEnabled(tenant.id, id, verb === 'enable')
        process.stdout.write(`webhook endpoint ${id} ${verb === 'remove' ? 'removed' : `${verb}d`}\n`)
        return 0
      })
    },
  }
}

export const webhooksCommands = [
  webhooksAddCommand,
  webhooksListCommand,
  endpointCommand(
    'remove',
    'remove a webhook endpoint and its delivery log',
    'Deletes the endpoint; deliveries not yet made to it are dropped, and its delivery log with them.',
  ),
  endpointCommand(
    'disable',
    'stop sending to a webhook endpoint, keeping it',
    'The endpoint gets no new events; deliveries still pending to it fail at their next attempt.',
  ),
  endpointCommand(
    'enable',
    'send to a disabled webhook endpoint again',
    'Events from now on are sent to it again.',
  ),
  webhooksDeliveriesCommand,
]
