import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

function markdownFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return markdownFiles(path)
    return entry.name.endsWith('.md') ? [path] : []
  })
}

/** Text without code: a `(…)` inside a code span or block is not a link. */
const withoutCode = (text: string) => text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '')

/** Link targets: inline `[text](target)` and `<scheme://…>` autolinks. */
function linksOf(text: string): string[] {
  const prose = withoutCode(text)
  const inline = [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1] ?? '')
  const auto = [...prose.matchAll(/<([a-z]+:[^>\s]+)>/g)].map((match) => match[1] ?? '')
  return [...inline, ...auto]
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')

const anchorsOf = (text: string) =>
  new Set(
    withoutCode(text)
      .split('\n')
      .flatMap((line) => (/^#{1,6} /.test(line) ? [slug(line.replace(/^#+ /, ''))] : [])),
  )

const files = ['README.md', ...markdownFiles('docs')]

it('resolves every link of README.md and docs/ inside the repository', () => {
  const problems: string[] = []
  for (const file of files) {
    for (const link of linksOf(readFileSync(join(root, file), 'utf8'))) {
      if (/^https?:\/\//.test(link)) continue // a public site
      if (/^[a-z]+:/.test(link)) {
        problems.push(`${file}: ${link}: only http(s) links may leave the repository`)
        continue
      }
      const [path = '', anchor] = link.split('#')
      const target = path === '' ? join(root, file) : join(root, dirname(file), decodeURIComponent(path))
      const inside = relative(root, target)
      if (inside.startsWith('..')) problems.push(`${file}: ${link}: leaves the repository`)
      else if (!existsSync(target)) problems.push(`${file}: ${link}: no such file`)
      else if (
        anchor !== undefined &&
        target.endsWith('.md') &&
        !anchorsOf(readFileSync(target, 'utf8')).has(anchor)
      )
        problems.push(`${file}: ${link}: no such heading`)
    }
  }
  assert.deepEqual(problems, [])
})

it('documents every surface the README names in docs/api', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  for (const surface of ['ideapool', 'authheader', 'users', 'ampnet']) {
    assert.ok(readme.includes(`(docs/api/${surface}.md)`), `README links docs/api/${surface}.md`)
  }
})
