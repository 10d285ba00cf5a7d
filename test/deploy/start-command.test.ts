import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { assertDrainsOnSigterm } from '../support/drain-check.ts'
import { startLatchkeyProcess } from '../support/latchkey-process.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

// The signal goes to exactly the process an operator (or Docker, systemd, Kubernetes) started: a
// wrapper that died on it would leave the server running and answering /ready 200.
for (const [name, command, args] of [
  ['npm start', 'npm', ['start']],
  ['npm run latchkey -- serve', 'npm', ['run', 'latchkey', '--', 'serve']],
  ['node_modules/.bin/node src/main.ts (the image command)', 'node_modules/.bin/node', ['src/main.ts']],
] as const) {
  it(`SIGTERM to \`${name}\` drains the server and exits 0`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-start-'))
    const latchkey = await startLatchkeyProcess(
      { DATA_DIR: dataDir, LOG_LEVEL: 'info', SHUTDOWN_GRACE_SECONDS: '1', HOME: tmpdir() },
      args,
      { command: command === 'npm' ? 'npm' : join(root, command), cwd: root },
    )
    try {
      await assertDrainsOnSigterm(latchkey)
    } finally {
      latchkey.child.kill('SIGKILL')
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
}
