import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { it } from 'node:test'

// Loads the whole server's module graph in a child process, recording every module resolved (by
// import or require), then makes one passkey ceremony's first call.
const CHILD = `
import { registerHooks } from 'node:module'
const resolved = []
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context)
    resolved.push(result.url)
    return result
  },
})
const loaded = () => resolved.some((url) => url.includes('@simplewebauthn'))
await import('./src/app.ts')
const atStart = loaded()
const { webauthnLibrary } = await import('./src/core/passkey/webauthn-library.ts')
webauthnLibrary()
console.log(JSON.stringify({ atStart, afterFirstUse: loaded() }))
`

it('loads @simplewebauthn/server on the first passkey ceremony, not with the server', () => {
  const output = execFileSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', CHILD], {
    cwd: new URL('../../../', import.meta.url),
    encoding: 'utf8',
  })
  assert.deepEqual(JSON.parse(output.trim().split('\n').at(-1) ?? ''), {
    atStart: false,
    afterFirstUse: true,
  })
})
