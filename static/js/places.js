/* Places pages: "Near me" and "Show map". Both exist only when this script runs;
   the list above them is the page and works without it.

   Near me: the phone is asked for its location only on a tap, and the
   coordinates are rounded here to 2 decimals (about 1 km) before they leave it.
   Show map: Leaflet (our own static copy) and the tiles load only on a tap. */
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

  function popup(point) {
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    link.lang = point.lang;
    return link;
  }

  function drawMap() {
    var L = window.L;
    var points = JSON.parse(pointsData.textContent);
    var map = L.map(mapBox, { scrollWheelZoom: false });
    var tilesFailed = false;
    L.tileLayer(mapBox.dataset.tiles, { attribution: mapBox.dataset.attribution, maxZoom: 19 })
      .on("tileerror", function () {
        if (!tilesFailed) { tilesFailed = true; say(mapStatus, mapBox.dataset.failed); }
      })
      .addTo(map);
    var corners = [];
    var placeNumber = 0;
    points.forEach(function (point) {
      // Places carry their number in the list; events a plain mark of another colour.
      var label = point.kind === "place" ? String(++placeNumber) : "";
      var icon = L.divIcon({ className: "map-pin map-pin-" + point.kind, html: label, iconSize: [28, 28] });
      L.marker([point.lat, point.lon], { icon: icon, title: point.name, alt: point.name })
        .bindPopup(popup(point))
        .addTo(map);
      corners.push([point.lat, point.lon]);
    });
    if (corners.length === 1) {
      map.setView(corners[0], 15);
    } else {
      map.fitBounds(corners, { padding: [24, 24], maxZoom: 16 });
    }
  }

  mapButton.addEventListener("click", function () {
    mapButton.hidden = true;
    mapBox.hidden = false;
    loadLeaflet(drawMap);
  });
})();
