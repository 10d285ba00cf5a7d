import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { AppError } from '../../core/errors.ts'
import { can } from '../../core/role/role.ts'
import type { ImageUpload } from '../../core/tenant/coop.service.ts'
import { imageTooLarge } from '../../core/tenant/coop-images.ts'
import { coopPartLimits } from '../ampnet/coop/ampnet.coop.parts.ts'
import { CSRF_FIELD } from '../pages/csrf.ts'
import { t, verifyCsrf } from '../pages/page-context.ts'
import { MalformedBodyError } from '../shared/framework-errors.ts'
import { coopPage, fieldErrorsOf } from './console.coop.pages.ts'
import { CONSOLE_PREFIX } from './console-layout.ts'
import { adminOf } from './console-session.ts'

/** The CSRF field and the logo of a multipart form; a logo over the limit is `tooLarge`. */
async function readLogoForm(request: FastifyRequest) {
  if (!request.isMultipart()) throw new MalformedBodyError('not multipart')
  let csrf: string | undefined
  let logo: ImageUpload | undefined
  let tooLarge = false
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === CSRF_FIELD && typeof part.value === 'string') csrf = part.value
      } else if (part.fieldname === 'logo' && logo === undefined) {
        logo = { filename: part.filename, data: await part.toBuffer() }
      } else {
        part.file.resume()
      }
    }
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'FST_REQ_FILE_TOO_LARGE') {
      // A truncated body, a missing boundary, too many parts: the sender's fault, never a 5xx.
      throw new MalformedBodyError('unreadable multipart body')
    }
    tooLarge = true
  }
  return { csrf, logo, tooLarge }
}

/**
 * The coop's logo, as AMPnet's `PUT /coop` takes it (same parser limits, same checks of type by
 * content and size, in `core.tenants.coops.update`). Multipart only here, in a scope of its own.
 */
export function consoleCoopLogo(app: FastifyInstance, core: Core): void {
  app.register(async (scope) => {
    const { maxImageBytes } = core.tenants.coops
    await scope.register(multipart, { limits: coopPartLimits(maxImageBytes) })
    scope.post('/coop/logo', async (request, reply) => {
      const form = await readLogoForm(request)
      // The kit's check reads the body's field: the multipart one is handed to it.
      request.body = { [CSRF_FIELD]: form.csrf }
      verifyCsrf(request)
      const admin = adminOf(request)
      if (!can(admin.user.role, 'PWA_COOP')) throw new AppError('forbidden')
      const refuse = (message: string) =>
        coopPage(core, request, reply, { status: 400, errors: [{ field: 'logo', message }] })
      if (form.tooLarge) return refuse(`logo ${imageTooLarge(maxImageBytes)}`)
      if (form.logo === undefined || form.logo.data.length === 0)
        return refuse(t(request, 'console.coop.logoMissing'))
      try {
        await core.tenants.coops.update(admin.coop.id, {}, { logo: form.logo }, admin.user.id)
      } catch (error) {
        const errors = fieldErrorsOf(error)
        if (errors === undefined) throw error
        return coopPage(core, request, reply, { status: 400, errors })
      }
      return reply.redirect(`${CONSOLE_PREFIX}/coop?done=logoSaved`, 303)
    })
  })
}
