// Each surface documents its own password rule; the core keeps them side by side so that the rule a
// surface applies is data, and every password set through that surface goes through it.

export interface PasswordRule {
  /** The problem with the password, or undefined when it is acceptable. */
  check(password: string): string | undefined
}

/** Idea Pool: at least 8 characters with an upper-case letter, a lower-case letter and a digit. */
export const ideapoolPasswordRule: PasswordRule = {
  check(password) {
    if (password.length < 8) return 'is too short (minimum is 8 characters)'
    if (!/[A-Z]/.test(password) || !/[a-z]/.test(password) || !/[0-9]/.test(password)) {
      return 'must include at least one upper-case letter, one lower-case letter and one digit'
    }
    return undefined
  },
}

/** authheader (`POST /user/password`): the same rule, as docs/api/authheader.md documents it. */
export const authheaderPasswordRule: PasswordRule = ideapoolPasswordRule

/** users (`POST /users/register`): the same rule, as docs/api/users.md documents it. */
export const usersPasswordRule: PasswordRule = ideapoolPasswordRule

/** AMPnet: 8 to 64 characters of anything (docs/api/ampnet.md). */
export const ampnetPasswordRule: PasswordRule = {
  check(password) {
    return password.length < 8 || password.length > 64 ? 'must be 8 to 64 characters' : undefined
  },
}

/**
 * Passwords an operator sets (CLI, import): every surface's rule at once, so that the user can sign
 * in and change the password through any of them.
 */
export const operatorPasswordRule: PasswordRule = {
  check: (password) => ideapoolPasswordRule.check(password) ?? ampnetPasswordRule.check(password),
}
