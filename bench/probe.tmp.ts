// temporary: CPU per request of several Latchkey paths
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { latchkeyEnv } from './latchkey-env.ts'
import { measure, setGeneratorCore } from './load.ts'
import { pinSelf, startTarget } from './processes.ts'
pinSelf(1); setGeneratorCore(1)
const scratch = mkdtempSync(join(tmpdir(), 'probe-'))
const env = { ...latchkeyEnv(4607, join(scratch, 'data'), join(scratch, 'cc')), ...JSON.parse(process.env.EXTRA ?? '{}') }
const here = new URL('.', import.meta.url).pathname
const t = await startTarget({ name: 'l', script: join(here, '../bin/serve.js'), nodeArgs: process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/probe/prof'] : [], port: 4607, healthPath: '/ready', core: 0, env })
const r = await fetch(`${t.url}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@example.com', name: 'A', password: 'the-Secret-123' }) })
const { jwt } = await r.json() as { jwt: string }
const paths = (process.env.PATHS ?? '/health,/me').split(',')
for (let round = 0; round < 2; round++) for (const p of paths) {
  const res = await measure({ url: `${t.url}${p}`, headers: { 'x-access-token': jwt }, connections: 32, seconds: Number(process.env.SECS ?? 4), warmupSeconds: 2, serverPid: t.child.pid })
  console.log(p, res.rps, res.cpuUs)
}
await t.stop()
