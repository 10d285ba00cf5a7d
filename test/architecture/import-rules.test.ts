import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, it } from 'node:test'

const root = new URL('../../src/', import.meta.url).pathname

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

const files = sourceFiles(root).map((path) => ({
  path: relative(root, path),
  text: readFileSync(path, 'utf8'),
}))
const imports = (text: string) => [...text.matchAll(/from '([^']+)'/g)].map((match) => match[1] ?? '')

// The house rules of HOUSE-STYLE.md "Shape": data flows surface → core → repository → database.
describe('import rules', () => {
  it('keeps http/ away from the database, Kysely and repositories', () => {
    for (const file of files.filter((each) => each.path.startsWith('http/'))) {
      for (const specifier of imports(file.text)) {
        assert.ok(!/\/db\/|^kysely$|\.repository\.ts$/.test(specifier), `${file.path} imports ${specifier}`)
      }
    }
  })

  it('keeps core/ free of HTTP, Fastify and process.env', () => {
    for (const file of files.filter((each) => each.path.startsWith('core/'))) {
      for (const specifier of imports(file.text)) {
        assert.ok(!/\/http\/|fastify/.test(specifier), `${file.path} imports ${specifier}`)
      }
      assert.ok(!file.text.includes('process.env'), `${file.path} reads process.env`)
    }
  })

  it('reads process.env only in config/ and the process entries (main.ts, cli/main.ts)', () => {
    const readers = files.filter((file) => file.text.includes('process.env')).map((file) => file.path)
    assert.deepEqual(
      readers.filter((path) => !path.startsWith('config/') && path !== 'main.ts' && path !== 'cli/main.ts'),
      [],
    )
  })

  it('writes SQL only in repositories, tables and db/', () => {
    for (const file of files) {
      if (/\.repository\.ts$|\.table\.ts$/.test(file.path) || file.path.startsWith('db/')) continue
      assert.ok(
        !/\.(selectFrom|insertInto|updateTable|deleteFrom)\(|sql`/.test(file.text),
        `${file.path} holds SQL`,
      )
    }
  })
})

// HOUSE-STYLE.md: comments say why, in words a reader of this repository can follow; they do not
// point at a tracker's issue numbers or at documents outside the repository.
describe('comments', () => {
  it('cite no issue numbers and no paths outside the repository', () => {
    const outside = /\bissue\s*#\d+|\(#\d+\)|\.\.\/shared\/|shared\/(seeds|specs)\//i
    const citing = files.flatMap((file) =>
      file.text
        .split('\n')
        .map((line, index) => ({ line: line.trim(), number: index + 1 }))
        .filter(({ line }) => /^(\/\/|\/\*|\*)/.test(line) && outside.test(line))
        .map(({ number }) => `${file.path}:${number}`),
    )
    assert.deepEqual(citing, [])
  })
})
