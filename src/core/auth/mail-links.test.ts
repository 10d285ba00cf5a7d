import assert from 'node:assert/strict'
import { it } from 'node:test'
import { hostedPageLinks, webAppLinks } from './mail-links.ts'

const TOKEN = '0f8fad5b-d9cb-469f-a165-70867728950e'

it('links to the hosted pages without MAIL_BASE_URL', () => {
  const links = hostedPageLinks('https://id.example/account')
  assert.equal(
    links('confirm_email', 'ampnet', TOKEN),
    `https://id.example/account/confirm-email?token=${TOKEN}`,
  )
  assert.equal(
    links('reset_password', 'ampnet', TOKEN),
    `https://id.example/account/reset-password?token=${TOKEN}`,
  )
})

it('links to the outside web app, coop first, with MAIL_BASE_URL', () => {
  const links = webAppLinks('https://app.example')
  assert.equal(
    links('confirm_email', 'my-coop', TOKEN),
    `https://app.example/my-coop/auth/mail_confirmation?token=${TOKEN}`,
  )
  assert.equal(
    links('reset_password', 'my-coop', TOKEN),
    `https://app.example/my-coop/auth/reset_password?token=${TOKEN}`,
  )
})
