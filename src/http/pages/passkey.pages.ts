import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Core } from '../../core/core.ts'
import { isAppError } from '../../core/errors.ts'
import type { Passkey } from '../../core/passkey/passkey.ts'
import { isUuid } from '../../core/shared/uuid.ts'
import { clientOf } from '../shared/rate-limit.ts'
import { ACCOUNT_SURFACE, type AccountHolder, accountHolderOf, isFreshSignIn } from './account-session.ts'
import { formBodyOf } from './form-body.ts'
import { type FieldError, hiddenField, inputField, linkTo, paragraph, postForm } from './forms.ts'
import { html } from './html.ts'
import { renderFormPage, renderPage } from './layout.ts'
import { csrfField, languageOf, pageOptionsOf, t, verifyCsrf } from './page-context.ts'
import { pageNotFoundHandler } from './page-errors.ts'
import type { PagesSettings } from './pages.api.ts'
import { allowPasskeyScript, PASSKEY_RESPONSE_FIELD, passkeyForm } from './passkey-forms.ts'

const SURFACE = ACCOUNT_SURFACE

interface Notice {
  readonly done?: 'passkeys.added' | 'passkeys.removed'
  readonly errors?: readonly FieldError[]
}

/**
 * /passkeys: the signed-in user's passkeys and a form to add one; /passkeys/remove?id= confirms a
 * removal, with the password unless the sign-in is a few minutes old.
 */
export function passkeyPages(app: FastifyInstance, core: Core, settings: PagesSettings): void {
  const when = (request: FastifyRequest, date: Date | undefined) =>
    date === undefined
      ? t(request, 'passkeys.never')
      : new Intl.DateTimeFormat(languageOf(request), { dateStyle: 'medium', timeStyle: 'short' }).format(date)

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    signIn: AccountHolder,
    notice: Notice,
  ) {
    const { user } = signIn
    const passkeys = await core.identity.passkeys.list(user.id)
    const errors = notice.errors ?? []
    const script = allowPasskeyScript(request, reply)
    const rows = passkeys.map(
      (
        passkey,
      ) => html`<tr><td>${passkey.name}</td><td>${when(request, passkey.createdAt)}</td><td>${when(request, passkey.lastUsedAt)}</td>
<td><a class="link" href="${settings.prefix}/passkeys/remove?id=${passkey.id}" aria-label="${t(request, 'passkeys.removeLabel', { name: passkey.name })}">${t(request, 'passkeys.remove')}</a></td></tr>`,
    )
    return renderFormPage(reply, {
      title: t(request, 'passkeys.title'),
      errors,
      ...(script && { script }),
      body: html`${notice.done ? html`<p class="notice" role="status">${t(request, notice.done)}</p>` : ''}
<p class="muted">${t(request, 'passkeys.signedInAs', { email: user.email })}</p>
${paragraph(t(request, 'passkeys.intro'))}
${
  passkeys.length === 0
    ? paragraph(t(request, 'passkeys.none'))
    : html`<table class="passkeys"><thead><tr><th scope="col">${t(request, 'passkeys.name')}</th><th scope="col">${t(request, 'passkeys.created')}</th><th scope="col">${t(request, 'passkeys.lastUsed')}</th><th scope="col">${t(request, 'passkeys.remove')}</th></tr></thead>
<tbody>${rows}</tbody></table>`
}
<h2>${t(request, 'passkeys.add')}</h2>
${passkeyForm(request, {
  ceremony: 'create',
  options: await core.identity.passkeys.registrationOptions(user),
  submit: t(request, 'passkeys.add'),
  fields: inputField({
    name: 'name',
    label: t(request, 'passkeys.field.name'),
    hint: t(request, 'passkeys.hint.name'),
    maxLength: 100,
    errors,
  }),
})}
${signOutForm(request)}
<div class="links"><p>${linkTo(`${settings.prefix}/security`, t(request, 'security.title'))}</p></div>`,
    })
  }

  function signOutForm(request: FastifyRequest) {
    return html`<form method="post" action="${settings.prefix}/sign-out" novalidate>
${csrfField(request)}
<div class="actions"><button type="submit" class="button secondary">${t(request, 'passkeys.signOut')}</button></div>
</form>`
  }

  async function removePage(
    request: FastifyRequest,
    reply: FastifyReply,
    signIn: AccountHolder,
    passkey: Passkey,
    errors: readonly FieldError[] = [],
  ) {
    const fresh = await isFreshSignIn(core, signIn)
    const title = t(request, 'passkeys.removeLabel', { name: passkey.name })
    const back = linkTo(`${settings.prefix}/passkeys`, t(request, 'passkeys.title'))
    if (!fresh && !signIn.user.hasPassword) {
      return renderPage(reply, {
        title,
        body: html`${paragraph(t(request, 'passkeys.signInAgain'))}
${signOutForm(request)}
<div class="links"><p>${back}</p></div>`,
      })
    }
    return renderFormPage(reply, {
      title,
      errors,
      body: html`${postForm(request, {
        action: `${settings.prefix}/passkeys/remove`,
        submit: t(request, 'passkeys.remove'),
        fields: [
          hiddenField('id', passkey.id),
          fresh
            ? html``
            : inputField({
                name: 'password',
                type: 'password',
                label: t(request, 'passkeys.password'),
                hint: t(request, 'passkeys.passwordHint'),
                autocomplete: 'current-password',
                errors,
                required: true,
              }),
        ],
      })}
<div class="links"><p>${back}</p></div>`,
    })
  }

  /** The signed-in user, or (undefined) a redirect to the account sign-in. */
  async function signedIn(request: FastifyRequest, reply: FastifyReply): Promise<AccountHolder | undefined> {
    const signIn = await accountHolderOf(core, request, pageOptionsOf(request).secureCookies)
    if (signIn === undefined) await reply.redirect(`${settings.prefix}/sign-in`, 303)
    return signIn
  }

  async function passkeyOf(signIn: AccountHolder, id: unknown): Promise<Passkey | undefined> {
    if (typeof id !== 'string' || !isUuid(id)) return undefined
    return (await core.identity.passkeys.list(signIn.user.id)).find((passkey) => passkey.id === id)
  }

  app.get('/passkeys', async (request, reply) => {
    const signIn = await signedIn(request, reply)
    return signIn === undefined ? reply : listPage(request, reply, signIn, {})
  })

  app.post('/passkeys', async (request, reply) => {
    verifyCsrf(request)
    const signIn = await signedIn(request, reply)
    if (signIn === undefined) return reply
    const form = formBodyOf(request.body)
    try {
      const response = form[PASSKEY_RESPONSE_FIELD] ?? ''
      await core.identity.passkeys.register(signIn.user, { response, name: form.name ?? '' }, SURFACE)
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') throw error
      const tooLong = error.details.problems?.some((problem) => problem.field === 'name')
      const message = t(request, tooLong ? 'problem.name.tooLong' : 'passkeys.addFailed')
      return listPage(request, reply, signIn, { errors: [{ field: 'name', message }] })
    }
    return listPage(request, reply, signIn, { done: 'passkeys.added' })
  })

  app.get('/passkeys/remove', async (request, reply) => {
    const signIn = await signedIn(request, reply)
    if (signIn === undefined) return reply
    const passkey = await passkeyOf(signIn, (request.query as { id?: unknown }).id)
    if (passkey === undefined) return pageNotFoundHandler(request, reply)
    return removePage(request, reply, signIn, passkey)
  })

  app.post('/passkeys/remove', async (request, reply) => {
    verifyCsrf(request)
    const signIn = await signedIn(request, reply)
    if (signIn === undefined) return reply
    const form = formBodyOf(request.body)
    const passkey = await passkeyOf(signIn, form.id)
    if (passkey === undefined) return pageNotFoundHandler(request, reply)
    const { user } = signIn
    if (!(await isFreshSignIn(core, signIn))) {
      if (!user.hasPassword) return removePage(request, reply, signIn, passkey)
      const { identifier } = await core.tenants.tenants.get(user.tenantId)
      try {
        // A confirmation, not a sign-in: a failure is audited and counted, a success records nothing.
        await core.identity.auth.confirmPassword(
          clientOf(request),
          { tenant: identifier, email: user.email, password: form.password ?? '' },
          SURFACE,
        )
      } catch (error) {
        if (!isAppError(error) || (error.code !== 'invalid_credentials' && error.code !== 'password_expired'))
          throw error
        const wrong = [{ field: 'password', message: t(request, 'passkeys.wrongPassword') }]
        return removePage(request, reply, signIn, passkey, wrong)
      }
    }
    await core.identity.passkeys.remove(user, passkey.id)
    return listPage(request, reply, signIn, { done: 'passkeys.removed' })
  })
}
