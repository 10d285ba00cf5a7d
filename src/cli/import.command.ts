import type { ImportCandidate, ImportOutcome } from '../core/user/user-import.service.ts'
import { CliError, type Command, text } from './command.ts'
import { withCore } from './context.ts'
import { countLines, importFormatOf, readImportFile } from './import-file.ts'
import { createProgress } from './progress.ts'

// Rows per transaction: large enough that 10,000 rows take a few commits, small enough that a
// batch's plain passwords hash in moments and its insert stays under every bind-parameter limit.
const BATCH_SIZE = 500
/** Exit code when the file had rows that were rejected (the others were imported). */
export const EXIT_ROWS_REJECTED = 65 // EX_DATAERR

interface Tally {
  imported: number
  skipped: number
  readonly rejected: { line: number; reason: string }[]
}

export const importCommand: Command = {
  name: 'import',
  summary: 'import users from JSON Lines or CSV, with passwords or bcrypt/Argon2 hashes',
  help: `Usage: latchkey import <file> [--format csv|jsonl]

Reads users from a JSON Lines file (one object per line; .jsonl, .ndjson) or a CSV file with a
header row (.csv); --format overrides the extension. Fields (CSV columns / JSON keys):
  email                  required; unique per coop ignoring case
  name | first_name, last_name    the full name, or its parts
  username               optional sign-in name
  role                   USER (default), ADMIN, TOKEN_ISSUER, PLATFORM_MANAGER (single holders:
                         the last row naming a role in a coop holds it)
  coop | tenant          the coop's identifier (default: the default coop); it must exist
  password               a plain password (must satisfy the rule of users create), or
  password_hash          a bcrypt ($2a$/$2b$/$2y$) or Argon2id/Argon2i (PHC) hash, stored as it is
                         and replaced by an Argon2id hash at the user's next sign-in
Existing users (same coop and email) are skipped, never changed, so a re-run imports only what is
new. Rows go in batches of ${BATCH_SIZE}, one transaction each; a bad row is reported with its line
number and never stops the others. Progress goes to stderr, the summary to stdout. Exit code 0
when no row was rejected, ${EXIT_ROWS_REJECTED} when some were (the rest is imported), 1 on a failure.

Examples:
  latchkey import users.jsonl
    {"email":"ada@example.com","name":"Ada Lovelace","password_hash":"$2b$10$…","coop":"my-coop"}
  latchkey import export.txt --format csv
    email,first_name,last_name,username,role,password
    ada@example.com,Ada,Lovelace,ada,ADMIN,Analytical-1843`,
  options: { format: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(parsed, env) {
    const path = parsed.positionals[0] ?? ''
    const format = importFormatOf(path, text(parsed, 'format'))
    const total = await countLines(path).catch((error: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)
    })
    return withCore(env, async (core) => {
      const importer = core.identity.userImport.begin()
      const tally: Tally = { imported: 0, skipped: 0, rejected: [] }
      const progress = createProgress(total)
      const count = (outcome: ImportOutcome) => {
        if (outcome.status === 'imported') tally.imported++
        else if (outcome.status === 'skipped') tally.skipped++
        else tally.rejected.push({ line: outcome.line, reason: outcome.reason })
      }
      let batch: ImportCandidate[] = []
      let lastLine = 0
      const flush = async () => {
        for (const outcome of await importer.importBatch(batch)) count(outcome)
        batch = []
        progress.update(
          lastLine,
          `${tally.imported} imported, ${tally.skipped} skipped, ${tally.rejected.length} rejected`,
        )
      }
      for await (const row of readImportFile(path, format)) {
        if ('problem' in row) {
          tally.rejected.push({ line: row.line, reason: row.problem })
          lastLine = row.line
          continue
        }
        batch.push(row.candidate)
        lastLine = row.candidate.line
        if (batch.length >= BATCH_SIZE) await flush()
      }
      await flush()
      progress.finish()
      tally.rejected.sort((a, b) => a.line - b.line)
      process.stdout.write(
        `imported ${tally.imported}, skipped ${tally.skipped} (already there), rejected ${tally.rejected.length}\n`,
      )
      for (const { line, reason } of tally.rejected) process.stdout.write(`  line ${line}: ${reason}\n`)
      return tally.rejected.length > 0 ? EXIT_ROWS_REJECTED : 0
    })
  },
}
