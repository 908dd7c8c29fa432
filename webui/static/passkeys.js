// Passkeys: a button with data-passkey="sign-in" or "enrol" asks the server for options
// (data-options), lets the browser make or use the passkey, and sends the answer back
// (data-answer). The server sends and takes WebAuthn's JSON, with binary values in
// base64url; the browser's API wants ArrayBuffers, so they are converted here. The
// buttons stay hidden where the browser has no passkeys: the page works without them.
(function () {
  "use strict";
  if (!window.PublicKeyCredential) return;

  function toBuffer(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    return Uint8Array.from(binary, function (c) { return c.charCodeAt(0); }).buffer;
  }

  function toBase64url(buffer) {
    var binary = String.fromCharCode.apply(null, new Uint8Array(buffer));
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withBuffers(options) {
    options.challenge = toBuffer(options.challenge);
    if (options.user) options.user.id = toBuffer(options.user.id);
    ["excludeCredentials", "allowCredentials"].forEach(function (name) {
      (options[name] || []).forEach(function (credential) { credential.id = toBuffer(credential.id); });
    });
    return options;
  }

  function answer(credential) {
    var response = credential.response, sent = {};
    ["clientDataJSON", "attestationObject", "authenticatorData", "signature", "userHandle"].forEach(function (name) {
      if (response[name]) sent[name] = toBase64url(response[name]);
    });
    if (response.getTransports) sent.transports = response.getTransports();
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: sent,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment
    };
  }

  function post(button, url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": button.dataset.csrf },
      body: body
    });
  }

  function run(button) {
    var message = button.parentElement.querySelector("[data-passkey-message]");
    message.hidden = true;
    post(button, button.dataset.options, "{}")
      .then(function (response) {
        if (!response.ok) throw new Error(button.dataset.failed);
        return response.json();
      })
      .then(function (options) {
        var publicKey = withBuffers(options);
        return button.dataset.passkey === "enrol"
          ? navigator.credentials.create({ publicKey: publicKey })
          : navigator.credentials.get({ publicKey: publicKey });
      })
      .then(function (credential) { return post(button, button.dataset.answer, JSON.stringify(answer(credential))); })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (result) {
          if (!response.ok || !result.redirect) throw new Error(result.error || button.dataset.failed);
          window.location.assign(result.redirect);
        });
      })
      .catch(function (error) {
        message.textContent = error && error.message && error.name === "Error" ? error.message : button.dataset.failed;
        message.hidden = false;
      });
  }

  document.querySelectorAll("button[data-passkey]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { run(button); });
  });
})();
