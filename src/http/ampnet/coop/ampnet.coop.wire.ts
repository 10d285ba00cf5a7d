import Type from 'typebox'
import type { Coop } from '../../../core/tenant/coop.service.ts'
import type { StoredImage } from '../../../core/tenant/tenant-file.ts'
import { emptyError } from '../ampnet.errors.ts'

/** Where a stored coop image is served (ampnet.public.routes.ts), under PUBLIC_URL and the prefix. */
export function imageUrl(publicBaseUrl: string, image: StoredImage | undefined): string | null {
  return image === undefined
    ? null
    : `${publicBaseUrl}/public/files/${image.id}/${encodeURIComponent(image.filename)}`
}

const nullableString = Type.Union([Type.String(), Type.Null()])

/** CoopResponse's schema; property order is wire order. */
export const coopSchema = (description: string) =>
  Type.Object(
    {
      identifier: Type.String(),
      name: Type.String(),
      created_at: Type.String(),
      hostname: nullableString,
      config: Type.Unknown({ description: 'The coop config as JSON, or null' }),
      logo: nullableString,
      banner: nullableString,
      need_user_verification: Type.Boolean(),
      kyc_provider: Type.Union([Type.Literal('VERIFF'), Type.Literal('IDENTYUM')]),
      disable_sign_up: Type.Boolean(),
    },
    { description },
  )

/** CoopResponse: `config` is embedded as JSON, not as a string. */
export function coopBody(coop: Coop, publicBaseUrl: string): Type.Static<ReturnType<typeof coopSchema>> {
  const { tenant } = coop
  return {
    identifier: tenant.identifier,
    name: tenant.name,
    created_at: tenant.createdAt.toISOString(),
    hostname: tenant.hostname ?? null,
    config: tenant.config === undefined ? null : (JSON.parse(tenant.config) as unknown),
    logo: imageUrl(publicBaseUrl, coop.logo),
    banner: imageUrl(publicBaseUrl, coop.banner),
    need_user_verification: tenant.needUserVerification,
    kyc_provider: tenant.kycProvider,
    disable_sign_up: tenant.disableSignUp,
  }
}

/** CoopResponse of a coop looked up, or the original's empty 404 when there is none. */
export function foundCoopBody(coop: Coop | undefined, publicBaseUrl: string) {
  if (coop === undefined) throw emptyError(404)
  return coopBody(coop, publicBaseUrl)
}
