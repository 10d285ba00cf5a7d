import assert from 'node:assert/strict'
import type { LatchkeyProcess } from './latchkey-process.ts'

/**
 * Sends SIGTERM to the process the operator started and checks the drain: /ready turns 503 while
 * sign-ups already in flight (slow Argon2 at production cost) still get their 201, then exit 0.
 */
export async function assertDrainsOnSigterm(latchkey: LatchkeyProcess, inFlight = 3): Promise<void> {
  assert.equal((await fetch(`${latchkey.url}/ready`)).status, 200)
  const signUps = Array.from({ length: inFlight }, (_, i) =>
    fetch(`${latchkey.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `drain-${i}@example.com`,
        name: 'In Flight',
        password: 'the-Secret-123',
      }),
    }),
  )
  await new Promise((resolve) => setTimeout(resolve, 20))
  latchkey.child.kill('SIGTERM')
  // The signal may pass through npm first, and a loaded machine delays it: ask until the answer
  // changes (a few seconds at most), rather than once after a fixed pause.
  let ready = await fetch(`${latchkey.url}/ready`)
  for (let tries = 0; ready.status === 200 && tries < 200; tries++) {
    await ready.body?.cancel()
    await new Promise((resolve) => setTimeout(resolve, 25))
    ready = await fetch(`${latchkey.url}/ready`)
  }
  assert.equal(ready.status, 503)
  assert.deepEqual(await ready.json(), { status: 'unavailable' })
  const statuses = (await Promise.all(signUps)).map((response) => response.status)
  assert.deepEqual(statuses, Array(inFlight).fill(201))
  assert.equal(await latchkey.exited, 0)
  assert.match(latchkey.output(), /shutting down/)
  await assert.rejects(fetch(`${latchkey.url}/health`), 'no longer listening')
}
