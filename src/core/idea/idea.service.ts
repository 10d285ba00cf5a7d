import type { Db } from '../../db/database.ts'
import { AppError, type FieldProblem, validationError } from '../errors.ts'
import type { Clock } from '../shared/clock.ts'
import { newId } from '../shared/random.ts'
import {
  deleteIdeaOfUser,
  findIdeaOfUser,
  insertIdea,
  listIdeasOfUser,
  updateIdea,
} from './idea.repository.ts'
import { IDEAS_PER_PAGE, type Idea, type IdeaInput } from './idea.ts'

const MAX_CONTENT_LENGTH = 255
// Pages past this are empty for any real user; it keeps OFFSET within every database's range.
const MAX_PAGE = 100_000_000

function scoreProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'is not a number'
  if (!Number.isInteger(value)) return 'must be an integer'
  if (value < 1) return 'must be greater than 0'
  if (value > 10) return 'must be less than or equal to 10'
  return undefined
}

function contentProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a string'
  const length = [...value].length
  if (length < 1) return 'is too short (minimum is 1 character)'
  if (length > MAX_CONTENT_LENGTH) return `is too long (maximum is ${MAX_CONTENT_LENGTH} characters)`
  return undefined
}

type ValidIdea = Pick<Idea, 'content' | 'impact' | 'ease' | 'confidence'>

function validate(input: IdeaInput): ValidIdea {
  const problems: FieldProblem[] = []
  const content = contentProblem(input.content)
  if (content !== undefined) problems.push({ field: 'content', problem: content })
  for (const field of ['impact', 'ease', 'confidence'] as const) {
    const problem = scoreProblem(input[field])
    if (problem !== undefined) problems.push({ field, problem })
  }
  if (problems.length > 0) throw validationError(problems)
  return input as ValidIdea
}

export type IdeaService = ReturnType<typeof createIdeaService>

export function createIdeaService({ db, clock }: { readonly db: Db; readonly clock: Clock }) {
  return {
    /** @throws {AppError} validation_failed */
    async create(userId: string, input: IdeaInput): Promise<Idea> {
      const valid = validate(input)
      const now = clock.now()
      const idea: Idea = { id: newId(), userId, ...valid, createdAt: now, updatedAt: now }
      await insertIdea(db, idea)
      return idea
    },

    /** @throws {AppError} validation_failed, idea_not_found (also for another user's idea) */
    async update(userId: string, ideaId: string, input: IdeaInput): Promise<Idea> {
      const valid = validate(input)
      const existing = await findIdeaOfUser(db, userId, ideaId)
      if (existing === undefined) throw new AppError('idea_not_found')
      const idea: Idea = { ...existing, ...valid, updatedAt: clock.now() }
      await updateIdea(db, idea)
      return idea
    },

    /** @throws {AppError} idea_not_found (also for another user's idea) */
    async remove(userId: string, ideaId: string): Promise<void> {
      if (!(await deleteIdeaOfUser(db, userId, ideaId))) throw new AppError('idea_not_found')
    },

    /** Page `page` (1-based) of the user's ideas. @throws {AppError} validation_failed */
    async listPage(userId: string, page: number): Promise<readonly Idea[]> {
      if (!Number.isSafeInteger(page) || page < 1) {
        throw validationError([{ field: 'page', problem: 'must be an integer greater than 0' }])
      }
      if (page > MAX_PAGE) return []
      return listIdeasOfUser(db, userId, (page - 1) * IDEAS_PER_PAGE, IDEAS_PER_PAGE)
    },
  }
}
