import { type Command, table } from './command.ts'
import { withCore } from './context.ts'

const iso = (date: Date | undefined) => date?.toISOString() ?? '-'

export const keysListCommand: Command = {
  name: 'keys list',
  summary: 'list the signing keys published in the JWKS',
  help: `Usage: latchkey keys list

One line per published key, newest first: kid, algorithm, state and dates. States: pending
(published, signs from ACTIVATES), signing (signs new tokens), retired (only verifies the tokens it
signed until they expire), verifying (active, not the newest).

Example:
  latchkey keys list`,
  async run(_parsed, env) {
    return withCore(env, async (core) => {
      process.stdout.write(
        table(
          ['KID', 'ALGORITHM', 'STATE', 'CREATED', 'ACTIVATES', 'RETIRED'],
          core.sessions.keyRing
            .list()
            .map(({ key, state }) => [
              key.id,
              key.algorithm,
              state,
              iso(key.createdAt),
              iso(key.activatesAt),
              iso(key.retiredAt),
            ]),
        ),
      )
      return 0
    })
  },
}

export const keysRotateCommand: Command = {
  name: 'keys rotate',
  summary: 'make a new signing key (JWT_ALGORITHM), published before it signs',
  help: `Usage: latchkey keys rotate

Makes a new key of JWT_ALGORITHM. It is published in the JWKS at once and signs only after
JWT_KEY_PUBLISH_SECONDS (at once when no key can sign), so that every verifier and every instance
knows it first; the old key retires then and stays published until its tokens have expired.

Example:
  latchkey keys rotate`,
  async run(_parsed, env) {
    return withCore(env, async (core) => {
      const key = await core.sessions.keyRing.rotate()
      process.stdout.write(
        `new signing key ${key.id} (${key.algorithm}) published; signs from ${key.activatesAt.toISOString()}\n`,
      )
      return 0
    })
  },
}

export const keysCommands = [keysListCommand, keysRotateCommand]
