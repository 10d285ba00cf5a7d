import { hashedAsset } from './hashed-asset.ts'

/** The pages' one stylesheet. */
const stylesheet = hashedAsset('pages.css', 'text/css; charset=utf-8')

export const STYLESHEET_FILE = stylesheet.file
export const stylesheetRoute = stylesheet.route
