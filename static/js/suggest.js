/* Suggestions as you type in any search box with data-suggest, as an ARIA combobox: the box owns a
   list of page titles that Up and Down walk through. Nothing opens by itself (WCAG 3.2.2): a page opens
   only when the reader picks it (Enter on the highlighted title, or a tap on it); otherwise Enter
   searches as the form does without this script. Escape closes the list. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[data-suggest]");
  Array.prototype.forEach.call(boxes, function (input, index) {
    var list = document.createElement("ul");
    var label = input.labels && input.labels[0];
    var timer = null;
    var last = "";
    var pending = null;
    var items = [];  // [{title, url}] shown in the list
    var active = -1;  // the highlighted option, -1 for none

    list.id = "search-suggestions-" + index;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    if (label) { list.setAttribute("aria-label", label.textContent.trim()); }
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function highlight(position) {
      var options = list.children;
      if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
      active = position;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      highlight(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function open() {
      if (!items.length) { close(); return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function show(suggestions) {
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      items = suggestions;
      items.forEach(function (item, position) {
        var option = document.createElement("li");
        option.id = list.id + "-" + position;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.title;
        list.appendChild(option);
      });
      open();
    }

    function choose(position) {
      if (items[position]) { window.location.href = items[position].url; }
    }

    input.addEventListener("input", function () {
      var text = input.value.trim();
      clearTimeout(timer);
      if (text.length < 2) { show([]); last = ""; return; }
      if (text === last) { highlight(-1); open(); return; }
      timer = setTimeout(function () {
        last = text;
        if (pending) { pending.abort(); }
        pending = new AbortController();
        fetch(input.dataset.suggest + "&q=" + encodeURIComponent(text), { credentials: "omit", signal: pending.signal })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            // Still the reader's box: a list arriving after they left it would cover the page.
            if (document.activeElement === input) { show(data.suggestions || []); } else { items = data.suggestions || []; }
          })
          .catch(function () { /* offline or cancelled: the form still works */ });
      }, 250);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!items.length) { return; }
        event.preventDefault();
        if (!expanded) { open(); highlight(event.key === "ArrowDown" ? 0 : items.length - 1); return; }
        var step = event.key === "ArrowDown" ? 1 : -1;
        // Past either end the highlight goes back to the typed text, as in the ARIA pattern's examples.
        var next = active + step;
        highlight(next >= items.length || next < -1 ? -1 : next);
      } else if (event.key === "Enter") {
        if (expanded && active >= 0) { event.preventDefault(); choose(active); }
      } else if (event.key === "Escape") {
        // Only closes the list; a second Escape clears the box, as a search box does.
        if (expanded) { event.preventDefault(); close(); }
      }
    });

    // A tap keeps the focus in the box (no blur closing the list under the finger), then opens the page.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { choose(Array.prototype.indexOf.call(list.children, option)); }
    });
    input.addEventListener("blur", close);

    // Searching now: a suggestion still on its way would only cost the reader data.
    input.form.addEventListener("submit", function () {
      clearTimeout(timer);
      if (pending) { pending.abort(); }
      close();
    });
  });
}());
