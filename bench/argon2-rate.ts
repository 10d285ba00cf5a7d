// Raw Argon2id hashes per second with Latchkey's default parameters, `concurrency` at a time:
// the ceiling for password logins. Run as a child so that it can be pinned like the servers.
import { hash } from '@node-rs/argon2'
import { loadConfig } from '../src/config/config.ts'

const [concurrencyArg, secondsArg] = process.argv.slice(2)
const { passwords } = loadConfig({})
const options = {
  memoryCost: passwords.argon2MemoryKib,
  timeCost: passwords.argon2Iterations,
  parallelism: passwords.argon2Parallelism,
}
const deadline = Date.now() + Number(secondsArg) * 1000
let count = 0

async function worker(): Promise<void> {
  while (Date.now() < deadline) {
    await hash('correct horse battery staple', options)
    count++
  }
}

const started = Date.now()
await Promise.all(Array.from({ length: Number(concurrencyArg) }, worker))
process.stdout.write(JSON.stringify({ hashesPerSecond: (count * 1000) / (Date.now() - started) }))
