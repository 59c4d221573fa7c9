// twofa: Copy and Download for the recovery codes page.
(function () {
  'use strict';

  var box = document.getElementById('recovery-codes');
  if (!box) {
    return;
  }
  var codes = Array.prototype.map.call(box.querySelectorAll('[data-code]'), function (el) {
    return el.getAttribute('data-code');
  });
  // The texts come in the page's language from the data block the page
  // renders (recovery-texts); the script itself holds none.
  var say = window.twofaTexts('recovery-texts');
  var text = say('heading') + '\n' + say('keep') + '\n\n' + codes.join('\n') + '\n';
  var status = document.getElementById('recovery-status');

  function show(name) {
    status.textContent = say(name);
  }

  // selectCodes selects the list, so the user can copy it by hand.
  function selectCodes() {
    var range = document.createRange();
    range.selectNodeContents(box);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function copyBySelection() {
    selectCodes();
    var ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    show(ok ? 'copied' : 'selected');
  }

  var copy = document.getElementById('copy-codes');
  copy.addEventListener('click', function () {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        show('copied');
      }, copyBySelection);
      return;
    }
    copyBySelection();
  });
  copy.hidden = false;

  var download = document.getElementById('download-codes');
  download.href = URL.createObjectURL(new Blob([text], {type: 'text/plain'}));
  download.addEventListener('click', function () {
    show('downloaded');
  });
  download.hidden = false;
}());
