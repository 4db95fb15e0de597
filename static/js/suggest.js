/* Suggestions as you type in any search box with data-suggest. The form
   works without this script; it only offers page titles to jump to. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[data-suggest]");
  Array.prototype.forEach.call(boxes, function (input, index) {
    var list = document.createElement("datalist");
    var timer = null;
    var last = "";
    var urls = {};
    var pending = null;
    list.id = "search-suggestions-" + index;
    input.setAttribute("list", list.id);
    input.parentNode.appendChild(list);
    input.addEventListener("input", function () {
      var text = input.value.trim();
      if (urls[text]) { window.location.href = urls[text]; return; }  // a suggestion was picked
      clearTimeout(timer);
      if (text.length < 2 || text === last) { return; }
      timer = setTimeout(function () {
        last = text;
        if (pending) { pending.abort(); }
        pending = new AbortController();
        fetch(input.dataset.suggest + "&q=" + encodeURIComponent(text), { credentials: "omit", signal: pending.signal })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            list.textContent = "";
            urls = {};
            data.suggestions.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              urls[item.title] = item.url;
              list.appendChild(option);
            });
          })
          .catch(function () { /* offline or cancelled: the form still works */ });
      }, 250);
    });
    // Searching now: a suggestion still on its way would only cost the reader data.
    input.form.addEventListener("submit", function () {
      clearTimeout(timer);
      if (pending) { pending.abort(); }
    });
  });
}());
