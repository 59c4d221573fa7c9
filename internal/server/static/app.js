// twofa: small progressive enhancements. Every page works without them.
(function () {
  'use strict';

  // twofaTexts reads the texts a page hands its scripts, in the page's
  // language, from the JSON data block with this id (see scriptTexts),
  // and returns say: say(name) is the text of name, '' when the block
  // lacks it. The page scripts use it, so they hold no text of their own;
  // this file comes first in the page and so runs before them.
  window.twofaTexts = function (id) {
    var texts = {};
    var block = document.getElementById(id);
    if (block) {
      try {
        texts = JSON.parse(block.textContent);
      } catch (e) {
        texts = {};
      }
    }
    return function (name) {
      return texts[name] || '';
    };
  };

  // Close the User Panel when the user clicks elsewhere or presses Escape.
  var panel = document.querySelector('.user-panel');
  if (panel) {
    document.addEventListener('click', function (ev) {
      if (panel.open && !panel.contains(ev.target)) {
        panel.open = false;
      }
    });
    document.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape' && panel.open) {
        panel.open = false;
        panel.querySelector('summary').focus();
      }
    });
  }

  // Give the code field the right keyboard for the chosen method: digits
  // for app and email codes, letters for recovery codes.
  var forms = document.querySelectorAll('form[data-methods]');
  Array.prototype.forEach.call(forms, function (form) {
    var code = form.querySelector('input[name="code"]');
    if (!code || code.type === 'password') {
      return;
    }
    form.addEventListener('change', function (ev) {
      if (ev.target.name !== 'method') {
        return;
      }
      code.inputMode = ev.target.value === 'recovery' ? 'text' : 'numeric';
      code.focus();
    });
  });
}());
