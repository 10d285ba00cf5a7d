#!/usr/bin/env node
// The server's start command (npm start, the image). The first start of a release strips the
// TypeScript of every module, and Node's type stripper, a WebAssembly build, then stays in the
// process for good: about 18 MB of idle memory, measured. So a short-lived child loads the server's
// modules first and leaves their stripped source in Node's compile cache; the server, this process,
// then reads every module from the cache and never loads the stripper. On later starts the cache is
// warm and the child only reads it (about a second, measured on a busy machine). Plain
// JavaScript on purpose: this file is never stripped. The server runs in this process, so SIGTERM
// reaches it directly.
import { spawnSync } from 'node:child_process'
import { enableCompileCache, getCompileCacheDir } from 'node:module'
import { fileURLToPath } from 'node:url'

const main = new URL('../src/main.ts', import.meta.url).href

// NODE_COMPILE_CACHE (npm start sets it) wins; otherwise the cache lives beside the dependencies.
const cacheRoot =
  process.env.NODE_COMPILE_CACHE ||
  fileURLToPath(new URL('../node_modules/.cache/node-compile', import.meta.url))
enableCompileCache(cacheRoot)
// A cache that cannot be written (a read-only install) leaves this process to strip as it loads.
if (getCompileCacheDir() !== undefined) {
  spawnSync(process.execPath, ['--input-type=module', '--eval', `await import(${JSON.stringify(main)})`], {
    stdio: ['ignore', 'ignore', 'inherit'],
    // The root, not getCompileCacheDir(): that names the per-version folder below it.
    env: { ...process.env, NODE_COMPILE_CACHE: cacheRoot },
  })
}
const { serve } = await import(main)
await serve()
