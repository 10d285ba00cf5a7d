import {
  constants,
  createCipheriv,
  createSign,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
  randomUUID,
} from 'node:crypto'
import { type FakeFailure, playFailure, sendJson, startFakeServer } from './fake-http.ts'

// Identyum as the original integration used it: a password grant at /auth/password (a Keycloak
// token reply), /init with the bearer token and the custom parameters, and finished reports pushed
// back encrypted (AES/ECB/PKCS5, key RSA-wrapped with PKCS#1 v1.5) and signed (RSA-SHA256).

export const IDENTYUM_USERNAME = 'ampnet_stage'
export const IDENTYUM_PASSWORD = 'identyum-test-password'

const keyPair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })

export interface FakeIdentyum {
  readonly url: string
  /** The bodies /init received. */
  readonly inits: unknown[]
  /** Makes /auth/password fail this way. */
  authFailure: FakeFailure | undefined
  /** Makes /init fail this way. */
  initFailure: FakeFailure | undefined
  /** Settings Latchkey needs: base URL, credentials and both keys. */
  env(): Record<string, string>
  /** A report as Identyum sends it: the encrypted body and its headers. */
  seal(report: unknown): { body: string; headers: Record<string, string> }
  close(): Promise<void>
}

export async function startFakeIdentyum(): Promise<FakeIdentyum> {
  const identyum = keyPair() // signs reports
  const ampnet = keyPair() // Latchkey's: the report key is wrapped for it
  const inits: unknown[] = []
  const accessToken = `eyJ.${randomUUID()}`
  const state = {
    authFailure: undefined as FakeFailure | undefined,
    initFailure: undefined as FakeFailure | undefined,
  }
  const server = await startFakeServer((request, response) => {
    if (request.method === 'POST' && request.path === '/auth/password') {
      if (playFailure(response, state.authFailure)) return
      const { username, password } = JSON.parse(request.body.toString('utf8'))
      if (username !== IDENTYUM_USERNAME || password !== IDENTYUM_PASSWORD) {
        return sendJson(response, 401, {
          error: 'invalid_grant',
          error_description: 'Invalid user credentials',
        })
      }
      return sendJson(response, 200, {
        access_token: accessToken,
        expires_in: 1800,
        refresh_expires_in: 1800,
        refresh_token: 'eyJ.refresh',
        token_type: 'bearer',
        session_state: 'b4bd6467-cb6e-4b3c-90c7-c031d2729a54',
      })
    }
    if (request.method === 'POST' && request.path === '/init') {
      if (playFailure(response, state.initFailure)) return
      if (request.headers.authorization !== `Bearer ${accessToken}`) return sendJson(response, 401, {})
      inits.push(JSON.parse(request.body.toString('utf8')))
      return sendJson(response, 200, { status: 'OK' })
    }
    sendJson(response, 404, {})
  })
  return {
    url: server.url,
    inits,
    get authFailure() {
      return state.authFailure
    },
    set authFailure(value) {
      state.authFailure = value
    },
    get initFailure() {
      return state.initFailure
    },
    set initFailure(value) {
      state.initFailure = value
    },
    env: () => ({
      IDENTYUM_BASE_URL: server.url,
      IDENTYUM_USERNAME,
      IDENTYUM_PASSWORD,
      IDENTYUM_PUBLIC_KEY: identyum.publicKey.replace(/\n/g, '\\n'),
      IDENTYUM_PRIVATE_KEY: ampnet.privateKey,
      IDENTYUM_WEB_COMPONENT_URL: 'https://web-components.stage.identyum.com/flow-manager/component',
      IDENTYUM_INSTANCE: 'latchkey-test',
    }),
    seal(report) {
      const aesKey = randomBytes(32)
      const cipher = createCipheriv('aes-256-ecb', aesKey, null)
      const plain = Buffer.from(JSON.stringify(report), 'utf8')
      const body = Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64')
      const secretKey = publicEncrypt(
        { key: ampnet.publicKey, padding: constants.RSA_PKCS1_PADDING },
        aesKey,
      ).toString('base64')
      const signature = createSign('sha256').update(body).sign(identyum.privateKey, 'base64')
      return { body, headers: { 'secret-key': secretKey, signature, 'content-type': 'text/plain' } }
    },
    close: server.close,
  }
}

/** A finished report for `user` on `instance`, with the fields the original read. */
export function identyumReport(user: string | undefined, instance: string | undefined, status = 'FINISHED') {
  return {
    clientSessionUuid: randomUUID(),
    userSessionUuid: randomUUID(),
    userUuid: randomUUID(),
    reportUuid: randomUUID(),
    client: 'ampnet',
    status,
    ordinal: 1,
    data: {
      personalData: {
        firstName: { value: 'IVANA' },
        lastName: { value: 'HORVAT' },
        dateOfBirth: { value: '1990-01-02' },
        nationalityCode: { value: 'HRV' },
        personalNumbers: [{ type: 'PERSONAL_IDENTIFICATION_NUMBER', value: '12345678901' }],
        adresses: [{ value: 'Ilica 1, Zagreb' }],
        documents: [
          {
            type: { value: 'ID_CARD' },
            number: { value: '112233445' },
            issuingCountry: { value: 'HRV' },
            dateOfExpiry: { value: '2030-01-01' },
          },
        ],
      },
    },
    ...(user !== undefined && { customParameters: { user, ...(instance !== undefined && { instance }) } }),
    timeCreated: '2021-04-01T10:00:00Z',
  }
}
