// The English catalogue, which defines the keys: every other language must have each of them.
// `{name}` marks a parameter. Keys for the OIDC sign-in and consent pages live here too.
import { consoleEn } from './console.en.ts'
import { consoleSettingsEn } from './console-settings.en.ts'
import { mfaEn } from './mfa.en.ts'

export const en = {
  'lang.name': 'English',
  'lang.choose': 'Language',
  'page.skip': 'Skip to content',
  'page.footer': 'Secured by Latchkey',
  'page.errorTitle': 'Error: {title}',

  'field.email': 'E-mail address',
  'field.password': 'Password',
  'field.newPassword': 'New password',
  'field.givenName': 'First name',
  'field.familyName': 'Last name',
  'field.optional': '(optional)',
  'hint.password': 'Use 8 to 64 characters, with an upper-case letter, a lower-case letter and a digit.',

  'problem.summary': 'There is a problem',
  'problem.email.invalid': 'Enter an e-mail address like name@example.com',
  'problem.email.taken':
    'An account with this e-mail address already exists. Reset its password if you forgot it.',
  'problem.password.rule':
    'Use 8 to 64 characters, with an upper-case letter, a lower-case letter and a digit',
  'problem.password.breached': 'This password has appeared in a data breach. Choose another one',
  'problem.name.tooLong': 'Use at most 100 characters',

  'error.csrf.title': 'This form has expired',
  'error.csrf.body': 'For your security the form was not sent. Go back, reload the page and try again.',
  'error.notFound.title': 'Page not found',
  'error.notFound.body': 'Check the address, or go back to the page you came from.',
  'error.badRequest.title': 'The request could not be read',
  'error.badRequest.body': 'Go back, reload the page and try again.',
  'error.rateLimited.title': 'Too many attempts',
  'error.rateLimited.body': 'Wait {seconds} seconds, then try again.',
  'error.busy.title': 'The server is busy',
  'error.busy.body': 'Wait a moment, then try again.',
  'error.internal.title': 'Something went wrong',
  'error.internal.body': 'Please try again later. If it keeps happening, quote reference {id}.',
  'error.unavailable.body': 'We could not check your password just now. Wait a moment, then try again.',

  'signUp.title': 'Create your account',
  'signUp.intro': 'You are creating an account for {coop}.',
  'signUp.submit': 'Create account',
  'signUp.closed.title': 'Sign-up is closed',
  'signUp.closed.body': 'This organisation does not take new accounts here.',
  'signUp.sent.title': 'Check your e-mail',
  'signUp.sent.body':
    'We sent a confirmation link to {email}. Open it within 24 hours to activate your account.',
  'signUp.ready.title': 'Your account is ready',
  'signUp.ready.body': 'You can now sign in with {email}.',

  'confirm.title': 'Confirm your e-mail address',
  'confirm.body': 'Confirm the address to activate your account.',
  'confirm.submit': 'Confirm e-mail address',
  'confirm.done.title': 'E-mail address confirmed',
  'confirm.done.body': 'Your account is active. You can now sign in.',
  'confirm.invalid.title': 'This link does not work',
  'confirm.invalid.body':
    'The link is incomplete or was already used. If your address is not confirmed yet, sign in and ask for a new mail.',
  'confirm.expired.body': 'The link has expired. Sign in and ask for a new confirmation mail.',

  'forgot.title': 'Reset your password',
  'forgot.intro':
    'Enter the e-mail address of your account and we will send you a link to choose a new password.',
  'forgot.submit': 'Send reset link',
  'forgot.sent.title': 'Check your e-mail',
  'forgot.sent.body':
    'If an account uses {email}, we sent it a link to choose a new password. The link works for one hour.',

  'reset.title': 'Choose a new password',
  'reset.submit': 'Set new password',
  'reset.done.title': 'Your password is changed',
  'reset.done.body': 'Use your new password from now on. You were signed out on every device.',
  'reset.invalid.title': 'This link does not work',
  'reset.invalid.body': 'The link is incomplete or was already used.',
  'reset.expired.body': 'The link has expired: reset links work for one hour.',
  'reset.again': 'Ask for a new link',

  'signedOut.title': 'You are signed out',
  'signedOut.body': 'You have been signed out. You can close this window.',

  'link.forgot': 'Forgot your password?',
  'link.signUp': 'Create an account',
  'link.signIn': 'Sign in',

  'signIn.title': 'Sign in',
  'signIn.intro': 'Sign in to continue to {client}.',
  'signIn.submit': 'Sign in',
  'signIn.failed': 'The e-mail address or the password is wrong',
  'consent.title': 'Allow access',
  'consent.intro': '{client} asks for access to your account.',
  'consent.scopes': 'It will be able to:',
  'consent.allow': 'Allow',
  'consent.deny': 'Deny',
  'scope.openid': 'Know who you are',
  'scope.profile': 'See your name',
  'scope.email': 'See your e-mail address',
  'scope.offline_access': 'Keep access while you are away',
  'signIn.expired': 'Your password has expired. Choose a new one with "Forgot your password?"',
  'signIn.noSession.title': 'This sign-in has expired',
  'signIn.noSession.body': 'Go back to the application and sign in again.',
  'consent.signedInAs': 'Signed in as {email}.',
  'signOut.title': 'Sign out?',
  'signOut.body': 'Do you want to sign out of {host}?',
  'signOut.yes': 'Yes, sign me out',
  'signOut.no': 'No, stay signed in',
  'oidcError.title': 'Sign-in could not continue',
  'oidcError.body':
    'The application sent a request that could not be accepted ({error}). Go back to the application and try again.',
  ...consoleEn,
  ...consoleSettingsEn,
  ...mfaEn,
} as const

export type MessageKey = keyof typeof en
