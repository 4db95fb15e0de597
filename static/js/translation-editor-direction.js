/* Languages and writing directions in wagtail-localize's translation editor.

   The editor (a React app in .js-translation-editor) marks nothing with lang or dir, so
   Urdu typed into it ran left-to-right and mixed text ("ID", "(2026)") ended up at the
   wrong end. This marks the source text with the source language, and every translation
   input and preview with the target language and its direction. React re-renders the
   segments as the translator opens, saves and cancels them, so a MutationObserver marks
   what it adds. portal/wagtail_hooks.py adds this script to Wagtail's editor pages with the
   right-to-left languages on its data-rtl-languages; on any other editor it does nothing. */
(function () {
  "use strict";
  var script = document.currentScript;  // only known while the script runs (in the <head>)

  function mark(element, language) {
    if (element.getAttribute("lang") !== language.lang) {
      element.setAttribute("lang", language.lang);
    }
    if (element.getAttribute("dir") !== language.dir) {
      element.setAttribute("dir", language.dir);
    }
  }

  function markLanguages(editor) {
    var props = JSON.parse(editor.dataset.props);  // the editor's own data: its two locales
    var rightToLeft = (script.dataset.rtlLanguages || "").split(" ");
    function languageOf(code) {
      return { lang: code, dir: rightToLeft.indexOf(code) === -1 ? "ltr" : "rtl" };
    }
    var source = languageOf(props.sourceLocale.code);
    var target = languageOf(props.locale.code);

    function markAll() {
      // A segment is an <li> whose first paragraph is the source text, followed by a <div>
      // holding the translation: a <p> preview, or a <textarea> while it is edited.
      editor.querySelectorAll("li > p:first-of-type").forEach(function (sourceText) {
        mark(sourceText, source);
        var value = sourceText.nextElementSibling;
        if (value && value.tagName === "DIV") {
          mark(value, target);
          value.querySelectorAll("p").forEach(function (preview) { mark(preview, target); });
        }
      });
      // Every field the translator types into is in the target language.
      editor.querySelectorAll("textarea, input[type=text], input:not([type])").forEach(function (input) {
        mark(input, target);
      });
    }

    markAll();
    // Only added and removed nodes are watched: marking changes attributes, so it cannot loop.
    new MutationObserver(markAll).observe(editor, { childList: true, subtree: true });
  }

  function start() {
    var editor = document.querySelector(".js-translation-editor");
    if (editor) {
      markLanguages(editor);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
