import type { Config } from '../config.ts'
import { decimal, flag, secretText, text } from '../fields.ts'

export const recaptchaSection = {
  enabled: flag({
    env: 'RECAPTCHA_ENABLED',
    default: false,
    doc: 'Check reCAPTCHA v3 tokens on AMPnet sign-up and coop creation',
  }),
  secret: secretText({
    env: 'RECAPTCHA_SECRET',
    minLength: 1,
    doc: 'reCAPTCHA secret key (required when RECAPTCHA_ENABLED)',
  }),
  minScore: decimal({
    env: 'RECAPTCHA_MIN_SCORE',
    default: 0.5,
    min: 0,
    max: 1,
    doc: 'Lowest reCAPTCHA v3 score that passes (0 to 1)',
  }),
  verifyUrl: text({
    env: 'RECAPTCHA_VERIFY_URL',
    default: 'https://www.google.com/recaptcha/api/siteverify',
    doc: 'The siteverify endpoint (a local one in tests)',
  }),
} as const

export function checkRecaptcha({ recaptcha }: Config, problems: string[]): void {
  if (recaptcha.enabled && recaptcha.secret === undefined) {
    problems.push('RECAPTCHA_SECRET: required when RECAPTCHA_ENABLED is on')
  }
}
