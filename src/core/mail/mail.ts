/** The mails Latchkey sends; each has a template per language. */
export type MailKind = 'user.confirmation' | 'user.reset-password'

/** What a mail needs to be rendered. Holds secrets (links with tokens): stored encrypted. */
export interface MailData {
  readonly link: string
  readonly coopName?: string
}

export interface MailRequest {
  readonly kind: MailKind
  readonly to: string
  /** The recipient's language (ISO 639-1); English when there is no template in it. */
  readonly language: string | undefined
  readonly data: MailData
}

export interface RenderedMail {
  readonly subject: string
  readonly text: string
  readonly html: string
}

export interface MailTransport {
  send(message: RenderedMail & { to: string }): Promise<void>
  close(): void
}
