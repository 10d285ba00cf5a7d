// The hosted pages' one script: it runs the WebAuthn ceremony of each form marked data-passkey
// ("create" or "get") with the options the server put in data-options, then posts the browser's
// answer as JSON in the form's passkey_response field. Served from this origin under a hashed name,
// so the CSP allows exactly this file and nothing inline.
;(() => {
  const fromBase64url = (text) =>
    Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0))
  const toBase64url = (buffer) =>
    btoa(String.fromCharCode(...new Uint8Array(buffer)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
  const withIds = (list) => (list || []).map((each) => ({ ...each, id: fromBase64url(each.id) }))

  function creationOptions(json) {
    return {
      ...json,
      challenge: fromBase64url(json.challenge),
      user: { ...json.user, id: fromBase64url(json.user.id) },
      excludeCredentials: withIds(json.excludeCredentials),
    }
  }

  function requestOptions(json) {
    return {
      ...json,
      challenge: fromBase64url(json.challenge),
      allowCredentials: withIds(json.allowCredentials),
    }
  }

  function responseJson(credential) {
    const { response } = credential
    const body = { clientDataJSON: toBase64url(response.clientDataJSON) }
    if (response.attestationObject) {
      body.attestationObject = toBase64url(response.attestationObject)
      body.transports = response.getTransports ? response.getTransports() : []
    } else {
      body.authenticatorData = toBase64url(response.authenticatorData)
      body.signature = toBase64url(response.signature)
      if (response.userHandle) body.userHandle = toBase64url(response.userHandle)
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: body,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    })
  }

  for (const form of document.querySelectorAll('form[data-passkey]')) {
    // Without WebAuthn the form stays hidden: its button could do nothing.
    if (!window.PublicKeyCredential) continue
    form.hidden = false
    const status = form.querySelector('[data-passkey-status]')
    async function run() {
      if (status) status.hidden = true
      try {
        const options = JSON.parse(form.dataset.options)
        const credential =
          form.dataset.passkey === 'create'
            ? await navigator.credentials.create({ publicKey: creationOptions(options) })
            : await navigator.credentials.get({ publicKey: requestOptions(options) })
        form.elements.passkey_response.value = responseJson(credential)
        form.submit()
      } catch {
        // Cancelled, timed out, or no passkey for this site: the page says so and stays.
        if (status) status.hidden = false
      }
    }
    // The button is not a submit button (a page's other form keeps the only one); Enter in the
    // form's field submits it, which runs the ceremony too.
    form.querySelector('[data-passkey-start]').addEventListener('click', run)
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      run()
    })
  }
})()
