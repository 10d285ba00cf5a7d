import type { MailData, MailKind, RenderedMail } from './mail.ts'

interface Template {
  subject: string
  lines: string[]
  action: string
}

// Short on purpose: the AMPnet mail service rendered a heading, the link, and (reset) a reassurance.
const templates = {
  en: {
    'user.confirmation': {
      subject: 'Confirm your email',
      lines: ['Please confirm your email address by opening the link below.'],
      action: 'Confirm email',
    },
    'user.reset-password': {
      subject: 'Reset password',
      lines: [
        'Open the link below to choose a new password.',
        'If you did not ask for this, ignore this mail.',
      ],
      action: 'Reset password',
    },
  },
  hr: {
    'user.confirmation': {
      subject: 'Potvrdite svoju e-mail adresu',
      lines: ['Molimo potvrdite svoju e-mail adresu otvaranjem poveznice ispod.'],
      action: 'Potvrdi e-mail',
    },
    'user.reset-password': {
      subject: 'Promjena lozinke',
      lines: [
        'Otvorite poveznicu ispod kako biste odabrali novu lozinku.',
        'Ako to niste zatražili, zanemarite ovu poruku.',
      ],
      action: 'Promijeni lozinku',
    },
  },
} satisfies Record<string, Record<MailKind, Template>>

type Language = keyof typeof templates

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

export function renderMail(kind: MailKind, language: string | undefined, data: MailData): RenderedMail {
  const code = (language ?? '').toLowerCase().slice(0, 2)
  const template = templates[Object.hasOwn(templates, code) ? (code as Language) : 'en'][kind]
  const lines = template.lines
  return {
    subject: template.subject,
    text: `${lines.join('\n\n')}\n\n${data.link}\n`,
    html: [
      '<!doctype html><html><body>',
      ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
      `<p><a href="${escapeHtml(data.link)}">${escapeHtml(template.action)}</a></p>`,
      '</body></html>',
    ].join('\n'),
  }
}
