#!/usr/bin/env node
// The `latchkey` command. The CLI is TypeScript run by Node's type stripping, so it needs Node 24
// (the project's runtime). Under an older node (a system node 20 first on PATH) this shim starts
// itself again with the project's own Node 24, the `node` devDependency, and passes signals and
// the exit status through. Plain JavaScript on purpose: it must parse on any Node.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import * as nodeModule from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const REQUIRED_MAJOR = 24
const self = fileURLToPath(import.meta.url)
const major = Number(process.versions.node.split('.')[0])

/** The project's Node 24 binary, if npm installed it. */
function projectNode() {
  const candidates = [join(dirname(self), '..', 'node_modules', 'node', 'bin', 'node')]
  try {
    const manifest = nodeModule.createRequire(import.meta.url).resolve('node/package.json')
    candidates.push(join(dirname(manifest), 'bin', 'node'))
  } catch {
    // not resolvable from here: only the sibling node_modules is tried
  }
  return candidates.find((candidate) => existsSync(candidate))
}

if (major >= REQUIRED_MAJOR) {
  // Stripped TypeScript and bytecode are kept between runs (as `npm start` does with
  // NODE_COMPILE_CACHE): later starts are faster and do not load the type stripper at all.
  nodeModule.enableCompileCache(join(dirname(self), '..', 'node_modules', '.cache', 'node-compile'))
  await import(new URL('../src/cli/main.ts', import.meta.url).href)
} else {
  const node = projectNode()
  if (node === undefined) {
    process.stderr.write(
      `latchkey: needs Node.js ${REQUIRED_MAJOR} or newer (this is ${process.versions.node}); run npm install in the project to get it\n`,
    )
    process.exit(1)
  }
  const child = spawn(node, [self, ...process.argv.slice(2)], { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal))
  }
  child.on('error', (error) => {
    process.stderr.write(`latchkey: cannot start ${node}: ${error.message}\n`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners(signal)
      process.kill(process.pid, signal)
    }
    process.exit(code ?? 1)
  })
}
