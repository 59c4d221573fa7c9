// twofa: security keys and passkeys (WebAuthn) on the pages.
//
// The server sends the options of navigator.credentials.create() and
// .get() as JSON, with binary fields in base64url; the browser wants
// ArrayBuffers, and its answer goes back as JSON with base64url fields.
// Each key form (data-webauthn) is posted like any other form once the
// credential JSON is in its field (data-field): the pages keep their
// cookies, redirects and error pages. Elements marked data-webauthn-on
// stay hidden, and data-webauthn-off shown, unless the browser can use
// security keys, so every other method works without this script.
(function () {
  'use strict';

  if (!window.PublicKeyCredential || !navigator.credentials || !window.fetch) {
    return;
  }
  // The texts come in the page's language from the data block the page
  // renders (webauthn-texts); the script itself holds none.
  var say = window.twofaTexts('webauthn-texts');

  Array.prototype.forEach.call(document.querySelectorAll('[data-webauthn-on]'), function (el) {
    el.hidden = false;
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-webauthn-off]'), function (el) {
    el.hidden = true;
  });

  // toBuffer decodes base64url (with or without padding).
  function toBuffer(s) {
    var b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) {
      b64 += '=';
    }
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) {
      out[i] = bin.charCodeAt(i);
    }
    return out.buffer;
  }

  // toBase64url encodes an ArrayBuffer (or a view of one) without padding.
  function toBase64url(buf) {
    var bytes = new Uint8Array(buf instanceof ArrayBuffer ? buf : buf.buffer);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) {
      bin += String.fromCharCode(bytes[i]);
    }
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function decodeIDs(list) {
    (list || []).forEach(function (c) {
      c.id = toBuffer(c.id);
    });
  }

  // creationOptions turns the server's {"publicKey": {...}} into the
  // argument of navigator.credentials.create().
  function creationOptions(opts) {
    var pk = opts.publicKey;
    pk.challenge = toBuffer(pk.challenge);
    pk.user.id = toBuffer(pk.user.id);
    decodeIDs(pk.excludeCredentials);
    return {publicKey: pk};
  }

  // requestOptions does the same for navigator.credentials.get().
  function requestOptions(opts) {
    var pk = opts.publicKey;
    pk.challenge = toBuffer(pk.challenge);
    decodeIDs(pk.allowCredentials);
    return {publicKey: pk};
  }

  // credentialJSON is PublicKeyCredential.toJSON(), written out for the
  // browsers that lack it.
  function credentialJSON(cred) {
    var r = cred.response;
    var response = {clientDataJSON: toBase64url(r.clientDataJSON)};
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      if (r.userHandle) {
        response.userHandle = toBase64url(r.userHandle);
      }
    }
    return {
      id: cred.id,
      rawId: toBase64url(cred.rawId),
      type: cred.type,
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
      response: response,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {}
    };
  }

  // begin asks the JSON API for the options of a ceremony. The fetch is
  // same-origin and carries the page's cookies (session or login); it asks
  // for the page's own language, which the account may have chosen apart
  // from the browser's, so that an error reads like the page around it.
  function begin(url) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'Accept': 'application/json',
        'Accept-Language': document.documentElement.lang || 'en'
      },
      body: '{}'
    }).then(function (resp) {
      return resp.json().then(function (body) {
        if (!resp.ok || !body.options) {
          // The API's message comes in the page's language.
          var err = new Error(body.message || say('server'));
          err.fromServer = true;
          throw err;
        }
        return body.options;
      });
    });
  }

  // describe says what went wrong with a ceremony, for people: the
  // server's message, or the page's text for the browser's error.
  function describe(err) {
    if (err && err.fromServer) {
      return err.message;
    }
    switch (err && err.name) {
    case 'NotAllowedError':
      return say('cancelled');
    case 'InvalidStateError':
      return say('registered');
    case 'SecurityError':
      return say('insecure');
    case 'NotSupportedError':
      return say('unsupported');
    }
    return say('failed');
  }

  // copyFields copies the fields named by the form's data-copy from the
  // page's main form (the remembered-device box, the current password),
  // and reports false when a required one is empty.
  function copyFields(form) {
    var names = (form.getAttribute('data-copy') || '').split(' ').filter(Boolean);
    for (var i = 0; i < names.length; i++) {
      var src = document.querySelector('form[data-methods] [name="' + names[i] + '"]');
      if (!src) {
        continue;
      }
      if (src.required && !src.value) {
        src.reportValidity();
        src.focus();
        return false;
      }
      if (src.type === 'checkbox' && !src.checked) {
        continue;
      }
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = names[i];
      input.value = src.value;
      form.appendChild(input);
    }
    return true;
  }

  // post puts the credential JSON in the form's field and sends the form.
  function post(form, cred) {
    form.querySelector('[name="' + form.getAttribute('data-field') + '"]').value = JSON.stringify(
      typeof cred.toJSON === 'function' ? cred.toJSON() : credentialJSON(cred));
    form.submit();
  }

  // run starts a ceremony from the form's submit button: busy while the
  // browser asks the key, the reason shown when it fails.
  function run(form, ceremony) {
    var out = form.querySelector('[data-webauthn-error]');
    var buttons = form.querySelectorAll('button');
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (!copyFields(form)) {
        return;
      }
      out.hidden = true;
      Array.prototype.forEach.call(buttons, function (b) {
        b.disabled = true;
      });
      ceremony().then(function (cred) {
        post(form, cred);
      }).catch(function (err) {
        Array.prototype.forEach.call(buttons, function (b) {
          b.disabled = false;
        });
        if (err && err.name === 'AbortError') {
          return;
        }
        out.textContent = describe(err);
        out.hidden = false;
      });
    });
  }

  // Adding a key: the page carries the options of create().
  Array.prototype.forEach.call(document.querySelectorAll('form[data-webauthn="create"]'), function (form) {
    var opts = JSON.parse(form.getAttribute('data-options'));
    run(form, function () {
      return navigator.credentials.create(creationOptions(opts));
    });
  });

  // A login's second step, or the proof of a sensitive change.
  Array.prototype.forEach.call(document.querySelectorAll('form[data-webauthn="get"]'), function (form) {
    run(form, function () {
      return begin(form.getAttribute('data-begin')).then(function (opts) {
        return navigator.credentials.get(requestOptions(opts));
      });
    });
  });

  // Signing in with a passkey: from the button, or from the browser's
  // autofill of the email field (conditional mediation), which the button
  // cancels, as only one request may be open.
  var passkey = document.querySelector('form[data-webauthn="passkey"]');
  if (!passkey) {
    return;
  }
  var pending = null;
  function passkeyGet(mediation) {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var signal = pending.signal;
    return begin(passkey.getAttribute('data-begin')).then(function (opts) {
      var req = requestOptions(opts);
      req.signal = signal;
      if (mediation) {
        req.mediation = mediation;
      }
      return navigator.credentials.get(req);
    });
  }
  run(passkey, function () {
    return passkeyGet('');
  });
  var autofill = document.querySelector('input[autocomplete~="webauthn"]');
  if (autofill && PublicKeyCredential.isConditionalMediationAvailable) {
    PublicKeyCredential.isConditionalMediationAvailable().then(function (ok) {
      if (!ok) {
        return null;
      }
      return passkeyGet('conditional').then(function (cred) {
        post(passkey, cred);
      });
    }).catch(function () {
      // Cancelled by the button, or no passkey chosen: nothing to say.
    });
  }
}());
