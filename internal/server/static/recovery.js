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
  var issuer = box.getAttribute('data-issuer') || 'twofa';
  var account = box.getAttribute('data-account') || '';
  var text = issuer + ' recovery codes for ' + account + '\n' +
    'Each code works once. Keep them somewhere safe.\n\n' +
    codes.join('\n') + '\n';
  var status = document.getElementById('recovery-status');

  function say(msg) {
    status.textContent = msg;
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
    say(ok ? 'Copied the codes to the clipboard.' : 'The codes are selected: press Ctrl+C (or ⌘C) to copy them.');
  }

  var copy = document.getElementById('copy-codes');
  copy.addEventListener('click', function () {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        say('Copied the codes to the clipboard.');
      }, copyBySelection);
      return;
    }
    copyBySelection();
  });
  copy.hidden = false;

  var download = document.getElementById('download-codes');
  download.href = URL.createObjectURL(new Blob([text], {type: 'text/plain'}));
  download.addEventListener('click', function () {
    say('Downloaded twofa-recovery-codes.txt.');
  });
  download.hidden = false;
}());
