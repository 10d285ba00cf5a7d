import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  readonly to: string
  readonly from: string
  readonly subject: string
  readonly text: string
  readonly html: string
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port> */
  readonly url: string
  readonly mails: ReceivedMail[]
  /** While true, every message is refused with a 451 (a temporary failure). */
  refuse: boolean
  /** Resolves once `count` mails have arrived in all. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>
  close(): Promise<void>
}

/** A real SMTP server on a free loopback port that keeps every mail it accepts. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = []
  const waiters: (() => void)[] = []
  const sink: SmtpSink = {
    url: '',
    mails,
    refuse: false,
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timeout = setTimeout(
          () => reject(new Error(`expected ${count} mails, got ${mails.length}`)),
          timeoutMs,
        )
        const check = () => {
          if (mails.length < count) return false
          clearTimeout(timeout)
          resolve(mails)
          return true
        }
        const waiter = () => {
          if (!check()) waiters.push(waiter)
        }
        waiter()
      })
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      if (sink.refuse) {
        stream.resume()
        stream.on('end', () => callback(Object.assign(new Error('try again later'), { responseCode: 451 })))
        return
      }
      simpleParser(stream).then(
        (parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(','),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          })
          for (const waiter of waiters.splice(0)) waiter()
          callback()
        },
        (error: Error) => callback(error),
      )
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return Object.assign(sink, { url: `smtp://127.0.0.1:${port}` })
}
