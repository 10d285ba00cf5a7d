import type { FastifyRequest } from 'fastify'
import type { ImageUpload } from '../../../core/tenant/coop.service.ts'
import { imageTooLarge } from '../../../core/tenant/coop-images.ts'
import { parseJsonText } from '../../shared/body-parsers.ts'
import { AmpnetReplyError, frameworkError, validationError } from '../ampnet.errors.ts'
import { unreadable } from './ampnet.coop.params.ts'

/** The parts of a coop request: `request` (JSON) and the optional `logo` and `banner` images. */
export interface CoopParts {
  readonly request: unknown
  readonly images: { readonly logo: ImageUpload | undefined; readonly banner: ImageUpload | undefined }
}

/** Limits for @fastify/multipart, registered with the coop routes: a JSON part and two images. */
export const coopPartLimits = (maxImageBytes: number) => ({
  fileSize: maxImageBytes,
  files: 3,
  fields: 3,
  parts: 6,
  fieldSize: 1_048_576,
})

function parseJson(text: string): unknown {
  try {
    return parseJsonText(text)
  } catch {
    throw unreadable()
  }
}

function fieldsOf(error: unknown): { code?: unknown; statusCode?: unknown } {
  return typeof error === 'object' && error !== null ? error : {}
}

/**
 * Reads every part. The original sent `request` as a file part named request.json; a plain form
 * field is taken too. Unknown parts are drained and ignored.
 * @throws {AmpnetReplyError} 415 not multipart; 400 without a readable `request`; 400 0808 oversize
 */
export async function readCoopParts(request: FastifyRequest, maxImageBytes: number): Promise<CoopParts> {
  if (!request.isMultipart()) throw frameworkError(415)
  let json: unknown
  let sawRequest = false
  const images: Partial<Record<'logo' | 'banner', ImageUpload>> = {}
  let current = ''
  try {
    for await (const part of request.parts()) {
      current = part.fieldname
      if (part.type === 'field') {
        if (part.fieldname !== 'request') continue
        sawRequest = true
        // A part sent as application/json arrives parsed; it still passes the shared JSON checks.
        json = parseJson(typeof part.value === 'string' ? part.value : JSON.stringify(part.value))
      } else if (part.fieldname === 'request') {
        sawRequest = true
        json = parseJson((await part.toBuffer()).toString('utf8'))
      } else if (part.fieldname === 'logo' || part.fieldname === 'banner') {
        images[part.fieldname] = { filename: part.filename, data: await part.toBuffer() }
      } else {
        part.file.resume()
      }
    }
  } catch (error) {
    const { code, statusCode } = fieldsOf(error)
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw validationError([{ field: current, problem: imageTooLarge(maxImageBytes) }])
    }
    if (code === 'FST_INVALID_JSON_FIELD_ERROR') throw unreadable()
    // Ours, and the parser's limits (413 for too many parts), already say what they are.
    if (error instanceof AmpnetReplyError || (typeof statusCode === 'number' && statusCode < 500)) throw error
    // A truncated body or a missing boundary: errors without a status, which would become 500s.
    request.log.info({ err: error }, 'unreadable multipart body')
    throw frameworkError(400)
  }
  if (!sawRequest) throw unreadable()
  return { request: json, images: { logo: images.logo, banner: images.banner } }
}
