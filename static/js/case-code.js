/* "Keep my case code on this phone" on the help desk's pages (helpdesk/templates).
   Opt-in: the code goes into this browser's localStorage only when the resident
   ticks the box, and leaves it with the box or the "Forget" button. The script
   never puts it in a cookie or a URL and never sends it anywhere: only the form
   the resident submits does, in its POST body. Without this script (or without
   storage) the controls stay hidden and the pages work as before. */
(function () {
  "use strict";
  var KEY = "helpdesk-case-code";

  function openStorage() {
    try {
      var storage = window.localStorage;
      storage.getItem(KEY);  // throws where storage is blocked
      return storage;
    } catch (error) {
      return null;
    }
  }

  var storage = openStorage();
  if (!storage) { return; }

  // The page that shows a new code: the opt-in box.
  var keep = document.querySelector("[data-keep-case-code]");
  if (keep) {
    var box = keep.querySelector("input[type=checkbox]");
    var code = box.getAttribute("data-case-code");
    box.checked = storage.getItem(KEY) === code;
    box.addEventListener("change", function () {
      if (box.checked) {
        storage.setItem(KEY, code);
      } else if (storage.getItem(KEY) === code) {
        storage.removeItem(KEY);
      }
    });
    keep.hidden = false;
  }

  // The "Read my answer" form: fill in the kept code, offer to forget it.
  var saved = document.querySelector("[data-saved-case-code]");
  var kept = storage.getItem(KEY);
  if (saved && kept) {
    var field = document.getElementById(saved.getAttribute("data-field"));
    var note = saved.querySelector("[data-saved-case-code-note]");
    var forget = saved.querySelector("[data-forget-case-code]");
    if (!field) { return; }
    if (!field.value) { field.value = kept; }  // never over what the resident typed
    forget.addEventListener("click", function () {
      storage.removeItem(KEY);
      if (field.value === kept) { field.value = ""; }
      note.textContent = note.getAttribute("data-forgotten");
      forget.parentNode.hidden = true;
      field.focus();
    });
    saved.hidden = false;
  }
}());
