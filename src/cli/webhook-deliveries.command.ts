import { CliError, type Command, EXIT_USAGE, table, text, wholeNumber } from './command.ts'
import { COOP_HELP, coopOptions, withCoop } from './context.ts'

const iso = (date: Date | undefined) => date?.toISOString() ?? '-'

export const webhooksDeliveriesCommand: Command = {
  name: 'webhooks deliveries',
  summary: "show a coop's webhook delivery log, newest first",
  help: `Usage: latchkey webhooks deliveries [--endpoint <id>] [--page <n>] [--size <n>] [--coop <identifier>]

One line per event and endpoint, newest first: when the event happened, its id (the receiver's
webhook-id) and type, the endpoint, the state (pending, delivered, failed), attempts made, the last
HTTP status and error, and when the next attempt is due (pending) or when it ended.
  --endpoint <id>       only this endpoint's deliveries
  --page <n>            page, from 1 (default 1)
  --size <n>            lines per page (default 20)
${COOP_HELP}

Example:
  latchkey webhooks deliveries --coop my-coop --size 50`,
  options: {
    endpoint: { type: 'string' },
    page: { type: 'string' },
    size: { type: 'string' },
    ...coopOptions,
  },
  async run(parsed, env) {
    const page = wholeNumber(parsed, 'page', this.name) ?? 1
    if (page < 1) throw new CliError(`--page counts from 1 (see latchkey ${this.name} --help)`, EXIT_USAGE)
    const size = wholeNumber(parsed, 'size', this.name) ?? 20
    return withCoop(env, parsed, async (core, tenant) => {
      const log = await core.ops.webhooks.deliveries(tenant.id, {
        endpointId: text(parsed, 'endpoint'),
        page: page - 1,
        size,
      })
      const rows = log.deliveries.map((delivery) => [
        iso(delivery.createdAt),
        delivery.eventId,
        delivery.eventType,
        delivery.endpointId,
        delivery.state,
        String(delivery.attempts),
        delivery.lastStatus === undefined ? '-' : String(delivery.lastStatus),
        iso(delivery.nextAttemptAt ?? delivery.deliveredAt ?? delivery.failedAt),
        delivery.lastError ?? '',
      ])
      process.stdout.write(
        table(
          ['CREATED', 'EVENT', 'TYPE', 'ENDPOINT', 'STATE', 'ATTEMPTS', 'STATUS', 'NEXT/ENDED', 'LAST ERROR'],
          rows,
        ),
      )
      process.stdout.write(`page ${log.page + 1} of ${Math.max(log.totalPages, 1)}\n`)
      return 0
    })
  },
}
