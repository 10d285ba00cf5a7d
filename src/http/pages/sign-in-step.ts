import type { FastifyReply, FastifyRequest } from 'fastify'
import { isAppError } from '../../core/errors.ts'
import { clientOf } from '../shared/rate-limit.ts'
import {
  beginSecondStep,
  continueSecondStep,
  isSecondStepForm,
  type MfaStepContext,
  type StepOutcome,
} from './mfa-step.ts'

/** Why a password was refused: wrong (or no such user), or expired (it must be reset first). */
export type PasswordRefusal = 'invalid_credentials' | 'password_expired'

/**
 * A hosted sign-in form's next step (the OIDC sign-in, the account pages): a second-step form goes
 * on with its ticket; a password form is checked by the core, then the second step begins, or a
 * refused password is answered by `refused` (the form again, with the problem).
 */
export async function nextSignInStep(
  context: MfaStepContext,
  request: FastifyRequest,
  reply: FastifyReply,
  form: Readonly<Record<string, string | undefined>>,
  credentials: { readonly tenant: string | undefined; readonly email: string; readonly password: string },
  refused: (refusal: PasswordRefusal) => FastifyReply | Promise<FastifyReply>,
): Promise<StepOutcome> {
  if (isSecondStepForm(form)) return continueSecondStep(context, request, reply, form)
  try {
    const checked = await context.core.identity.auth.beginSignIn(
      clientOf(request),
      credentials,
      context.surface,
    )
    return await beginSecondStep(context, request, reply, checked)
  } catch (error) {
    if (!isAppError(error) || (error.code !== 'invalid_credentials' && error.code !== 'password_expired'))
      throw error
    return { shown: await refused(error.code) }
  }
}
