/* Places pages: "Near me" and "Show map". Both exist only when this script runs;
   the list above them is the page and works without it.

   Near me: the phone is asked for its location only on a tap, and the
   coordinates are rounded here to 2 decimals (about 1 km) before they leave it.
   Show map: Leaflet (our own static copy) and the tiles load only on a tap; the
   button then reads "Hide map" and keeps the focus. Every pin is a button named
   after its places, and its popup takes the focus and gives it back (Escape). */
(function () {
  "use strict";

  function say(element, text) {
    if (element) { element.textContent = text; }
  }

  var nearButton = document.getElementById("near-me");
  if (nearButton && "geolocation" in navigator) {
    var nearStatus = document.getElementById("near-me-status");
    nearButton.hidden = false;
    nearButton.addEventListener("click", function () {
      say(nearStatus, nearButton.dataset.asking);
      navigator.geolocation.getCurrentPosition(function (position) {
        var params = new URLSearchParams();
        params.set("near", position.coords.latitude.toFixed(2) + "," + position.coords.longitude.toFixed(2));
        var category = document.getElementById("place-category");
        if (category && category.value) { params.set("category", category.value); }
        // The filter checkboxes too, as the form would send them.
        document.querySelectorAll(".place-filter input[type=checkbox]:checked").forEach(function (box) {
          params.set(box.name, box.value);
        });
        window.location.assign(nearButton.dataset.action + "?" + params.toString());
      }, function () {
        say(nearStatus, nearButton.dataset.refused);
        var region = document.getElementById("place-region");
        if (region) { region.focus(); }
      }, { enableHighAccuracy: false, timeout: 20000, maximumAge: 600000 });
    });
  }

  var mapButton = document.getElementById("show-map");
  var mapBox = document.getElementById("map");
  var pointsData = document.getElementById("map-points");
  if (!mapButton || !mapBox || !pointsData) { return; }
  var mapStatus = document.getElementById("map-status");
  var showLabel = mapButton.textContent;
  var map = null;
  mapButton.hidden = false;

  function loadLeaflet(done) {
    if (window.L) { done(); return; }
    var pending = 2;
    function ready() { pending -= 1; if (pending === 0) { done(); } }
    function failed() { say(mapStatus, mapBox.dataset.failed); }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = mapBox.dataset.leafletCss;
    css.onload = ready;
    css.onerror = failed;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = mapBox.dataset.leafletJs;
    script.onload = ready;
    script.onerror = failed;
    document.head.appendChild(script);
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text) { made.textContent = text; }
    return made;
  }

  function placeLink(point) {
    var link = element("a", "", point.name);
    link.href = point.url;
    link.lang = point.lang;
    link.dir = "auto";  // the map is drawn left to right; a name keeps its own direction
    return link;
  }

  // Places carry their number in the list, events none. Points whose pins would touch at the
  // map's first view share one pin (at its first point's spot): no pin hides another, and each
  // stays a whole target. A shared pin shows its first number and "+" (its popup lists them all),
  // a little wider than a single one, so merging goes on until no two touch.
  function pinLabel(entries) {
    var numbers = entries.filter(function (entry) { return entry.number; });
    if (!numbers.length) { return ""; }
    return numbers[0].number + (numbers.length > 1 ? "+" : "");
  }

  function pinWidth(entries) {
    return Math.max(28, 12 + 8 * pinLabel(entries).length);
  }

  function touching(one, other) {
    var gap = 4;
    return Math.abs(one.at.x - other.at.x) < (pinWidth(one.entries) + pinWidth(other.entries)) / 2 + gap &&
      Math.abs(one.at.y - other.at.y) < 28 + gap;
  }

  function groupPins(points, zoom) {
    var placeNumber = 0;
    var groups = points.map(function (point, order) {
      var entry = { point: point, order: order, number: point.kind === "place" ? ++placeNumber : null };
      return { at: map.project([point.lat, point.lon], zoom), entries: [entry] };
    });
    var merged = true;
    while (merged) {
      merged = false;
      for (var i = 0; i < groups.length && !merged; i += 1) {
        for (var j = i + 1; j < groups.length && !merged; j += 1) {
          if (touching(groups[i], groups[j])) {
            groups[i].entries = groups[i].entries.concat(groups[j].entries)
              .sort(function (a, b) { return a.order - b.order; });
            groups.splice(j, 1);
            merged = true;
          }
        }
      }
    }
    return groups;
  }

  // The number is what eyes match with the list; the names, each in its own language, are what
  // a screen reader says (the pin is a button named by its text).
  function pinIcon(L, group) {
    var numbers = pinLabel(group.entries);
    var html = element("span");
    html.appendChild(element("span", "map-pin-number", numbers)).setAttribute("aria-hidden", "true");
    var names = html.appendChild(element("span", "visually-hidden"));
    group.entries.forEach(function (entry, index) {
      if (index) { names.appendChild(document.createTextNode("; ")); }  // names may hold commas
      names.appendChild(element("span", "", entry.point.name)).lang = entry.point.lang;
    });
    var kind = numbers ? "place" : "event";
    return L.divIcon({ className: "map-pin map-pin-" + kind, html: html,
      iconSize: [pinWidth(group.entries), 28] });
  }

  function popupContent(group) {
    if (group.entries.length === 1) { return placeLink(group.entries[0].point); }
    var list = element("ul", "map-popup-list");
    group.entries.forEach(function (entry) {
      var item = list.appendChild(element("li"));
      if (entry.number) { item.appendChild(element("span", "", entry.number + ". ")).setAttribute("aria-hidden", "true"); }
      item.appendChild(placeLink(entry.point));
    });
    return list;
  }

  // A button that is an <a> or a <div> (Leaflet's) also answers Space, as buttons do.
  function pressWithSpace(target, press) {
    target.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); press(); }
    });
  }

  // Focus goes into a popup when it opens and back to its pin when it closes (Escape, the
  // close button, the pin again), unless the reader has already moved on elsewhere.
  function keepFocus(marker) {
    pressWithSpace(marker.getElement(), function () { marker.togglePopup(); });
    marker.on("popupopen", function (event) {
      var box = event.popup.getElement();
      if (!box.dataset.keys) {  // Leaflet keeps a popup's box from one opening to the next
        box.dataset.keys = "on";
        var close = box.querySelector(".leaflet-popup-close-button");
        if (close) {
          close.setAttribute("aria-label", mapBox.dataset.close);
          close.title = mapBox.dataset.close;
          pressWithSpace(close, function () { close.click(); });
        }
        box.addEventListener("keydown", function (key) {
          if (key.key === "Escape") { key.stopPropagation(); map.closePopup(); }
        });
      }
      var first = box.querySelector(".leaflet-popup-content a");
      if (first) { first.focus({ preventScroll: true }); }
    });
    marker.on("popupclose", function (event) {
      var box = event.popup.getElement();
      var lost = document.activeElement === document.body || (box && box.contains(document.activeElement));
      if (lost && marker.getElement()) { marker.getElement().focus({ preventScroll: true }); }
    });
  }

  function drawMap() {
    var L = window.L;
    var points = JSON.parse(pointsData.textContent);
    map = L.map(mapBox, { scrollWheelZoom: false, zoomControl: false });
    var zoom = L.control.zoom({ zoomInTitle: mapBox.dataset.zoomIn, zoomOutTitle: mapBox.dataset.zoomOut }).addTo(map);
    zoom.getContainer().querySelectorAll("a").forEach(function (link) {
      pressWithSpace(link, function () { link.click(); });
    });
    var tilesFailed = false;
    L.tileLayer(mapBox.dataset.tiles, { attribution: mapBox.dataset.attribution, maxZoom: 19 })
      .on("tileerror", function () {
        if (!tilesFailed) { tilesFailed = true; say(mapStatus, mapBox.dataset.failed); }
      })
      .addTo(map);
    var corners = points.map(function (point) { return [point.lat, point.lon]; });
    if (corners.length === 1) {
      map.setView(corners[0], 15);
    } else {
      map.fitBounds(corners, { padding: [24, 24], maxZoom: 16 });
    }
    // A popup no wider than the map leaves beside the zoom buttons (the 120 px are the paddings
    // below and the popup's own margins), so panning can bring all of it on screen.
    var popupFit = { maxWidth: Math.max(160, Math.min(300, mapBox.clientWidth - 120)),
      maxHeight: Math.max(120, mapBox.clientHeight - 80),  // a long list scrolls inside the popup
      autoPanPaddingTopLeft: [56, 16], autoPanPaddingBottomRight: [16, 16] };
    groupPins(points, map.getZoom()).forEach(function (group) {
      var first = group.entries[0].point;
      var marker = L.marker([first.lat, first.lon], { icon: pinIcon(L, group),
        title: group.entries.map(function (entry) { return entry.point.name; }).join("; ") })
        .bindPopup(popupContent(group), popupFit)
        .addTo(map);
      keepFocus(marker);
    });
  }

  // The button stays where it is and keeps the focus; it says what it will do next.
  mapButton.addEventListener("click", function () {
    var opening = mapBox.hidden;
    mapBox.hidden = !opening;
    mapButton.textContent = opening ? mapBox.dataset.hide : showLabel;
    if (!opening) {
      if (map) { map.closePopup(); }
    } else if (map) {
      map.invalidateSize();
    } else {
      loadLeaflet(drawMap);
    }
  });
})();
