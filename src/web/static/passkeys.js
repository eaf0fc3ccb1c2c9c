// Passkeys: adding one on the account page, and signing in with one at the second step. Each
// form posts as forms do; this script only asks the device between the click and the post: it
// fetches the options (POST data-options with the form's token), hands them to the browser's
// passkey prompt, puts the answer in the form's hidden fields and submits it. What went wrong is
// said in the form's status line, in words, and the button is ready again.
(function () {
  'use strict';

  var READY = {
    add: 'Your device will ask for your fingerprint, face or screen lock.',
    'sign-in': 'Your device will ask for your fingerprint, face or screen lock.',
  };
  var WAITING = 'Follow the prompt on your device…';
  var CANCELLED =
    'No passkey was used: the prompt was closed or timed out. Try again when you are ready.';
  var UNSUPPORTED =
    'This browser cannot use passkeys. Use an up-to-date browser, or the authenticator app.';

  function supported() {
    return (
      typeof window.PublicKeyCredential === 'function' &&
      typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function' &&
      typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function'
    );
  }

  function say(form, text) {
    var line = form.querySelector('[data-passkey-status]');
    if (line) line.textContent = text;
  }

  function startCeremony(form) {
    var body = new URLSearchParams();
    body.set('csrf_token', form.elements.csrf_token.value);
    return fetch(form.getAttribute('data-options'), {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (answer) {
          if (!response.ok) {
            var refused = new Error(answer.message || 'The passkey could not be started. Please try again.');
            refused.fromServer = true;
            throw refused;
          }
          return answer;
        });
    });
  }

  function askDevice(kind, options) {
    if (kind === 'add') {
      return navigator.credentials.create({
        publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.publicKey),
      });
    }
    return navigator.credentials.get({
      publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.publicKey),
    });
  }

  /** What went wrong, in words: the server's own message, or what the device's error means. */
  function problem(kind, error) {
    if (error && error.fromServer) return error.message;
    var name = error && error.name;
    if (name === 'NotAllowedError' || name === 'AbortError') return CANCELLED;
    if (name === 'InvalidStateError' && kind === 'add') {
      return 'This device already holds a passkey for your account: you can use that one.';
    }
    if (name === 'SecurityError') {
      return 'This site cannot use passkeys at the address it was opened with.';
    }
    return kind === 'add'
      ? 'Your device could not make a passkey. Please try again, or use the authenticator app.'
      : 'Your device could not use your passkey. Please try again, or type a code instead.';
  }

  function wire(form) {
    var kind = form.getAttribute('data-passkey');
    var button = form.querySelector('button[type="submit"]');
    if (!supported()) {
      say(form, UNSUPPORTED);
      if (button) button.disabled = true;
      return;
    }
    say(form, READY[kind] || '');
    form.addEventListener('submit', function (event) {
      if (form.elements.answer.value) return; // answered: the post goes ahead
      event.preventDefault();
      if (button) button.disabled = true;
      say(form, WAITING);
      startCeremony(form)
        .then(function (started) {
          return askDevice(kind, started.options).then(function (credential) {
            form.elements.ceremony.value = started.ceremony;
            form.elements.answer.value = JSON.stringify(credential.toJSON());
            form.submit();
          });
        })
        .catch(function (error) {
          if (button) {
            button.disabled = false;
            button.focus();
          }
          say(form, problem(kind, error));
        });
    });
  }

  var forms = document.querySelectorAll('form[data-passkey]');
  for (var i = 0; i < forms.length; i += 1) wire(forms[i]);
})();
