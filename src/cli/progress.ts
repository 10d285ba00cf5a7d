export interface Progress {
  update(done: number, note: string): void
  finish(): void
}

const WIDTH = 30
const PLAIN_EVERY_MS = 2_000

/** A redrawn bar on a terminal; elsewhere (logs, pipes) a plain line every few seconds. */
export function createProgress(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): Progress {
  let lastPlain = now()
  let drawn = false
  return {
    update(done, note) {
      const ratio = total > 0 ? Math.min(done / total, 1) : 1
      if (stream.isTTY) {
        const filled = Math.round(ratio * WIDTH)
        const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`
        stream.write(`\r[${bar}] ${Math.floor(ratio * 100)}% ${done}/${total} lines  ${note}`)
        drawn = true
      } else if (now() - lastPlain >= PLAIN_EVERY_MS) {
        stream.write(`import: ${done}/${total} lines, ${note}\n`)
        lastPlain = now()
      }
    },
    finish() {
      if (drawn) stream.write('\n')
    },
  }
}
