import type { FastifyRequest } from 'fastify'
import { AppError, type ErrorCode } from '../../core/errors.ts'
import { isUuid } from '../../core/shared/uuid.ts'

/** The UUID in path parameter `name`, lower-cased; anything else is refused as `code` (a 404 page). */
export function uuidParamOf(request: FastifyRequest, name: string, code: ErrorCode): string {
  const value = (request.params as Readonly<Record<string, string | undefined>>)[name]
  if (value === undefined || !isUuid(value)) throw new AppError(code)
  return value.toLowerCase()
}

/** The user id of a path, or user_not_found (404) for anything that is not one. */
export const userIdOf = (request: FastifyRequest): string => uuidParamOf(request, 'id', 'user_not_found')
