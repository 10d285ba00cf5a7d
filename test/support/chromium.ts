import { existsSync } from 'node:fs'
import { createServer } from 'node:net'

// Debian's chromium package (apt-get install -y chromium); playwright-core never downloads a browser.
export const CHROMIUM = '/usr/bin/chromium'
export const chromiumMissing = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing: apt-get install -y chromium`

// Without the background-networking flags Chromium keeps calling Google's hosts, which a closed
// network refuses.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** A port nothing listens on now, for a server the test starts on a known address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
