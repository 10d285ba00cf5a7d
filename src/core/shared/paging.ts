import { validationError } from '../errors.ts'
import { MAX_PAGE, MAX_PAGE_SIZE } from '../user/user-admin.ts'

/**
 * Refuses a page or size out of range (surfaces clamp what clients send; this guards the core).
 * @throws {AppError} validation_failed
 */
export function assertPaging(request: { readonly page: number; readonly size: number }): void {
  if (!Number.isInteger(request.page) || request.page < 0 || request.page > MAX_PAGE) {
    throw validationError([{ field: 'page', problem: `must be a whole number from 0 to ${MAX_PAGE}` }])
  }
  if (!Number.isInteger(request.size) || request.size < 1 || request.size > MAX_PAGE_SIZE) {
    throw validationError([{ field: 'size', problem: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` }])
  }
}
