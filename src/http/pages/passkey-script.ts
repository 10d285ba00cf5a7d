import { hashedAsset } from './hashed-asset.ts'

/** The passkey ceremony's script, the pages' only one. */
const script = hashedAsset('passkeys.js', 'text/javascript; charset=utf-8')

export const PASSKEY_SCRIPT_FILE = script.file
export const passkeyScriptRoute = script.route
