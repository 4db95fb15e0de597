/* Admin only: the place and event forms' map (services/admin_map.py). The pin shows the
   latitude and longitude fields; clicking the map or dragging the pin writes both.
   When Leaflet or the tiles cannot load (offline, tile server blocked), the status
   line under the map says so: the fields work without the map. */
(function () {
  "use strict";

  function setUp(box) {
    var L = window.L;
    var latitude = document.getElementById(box.dataset.latitudeInput);
    var longitude = document.getElementById(box.dataset.longitudeInput);
    var status = document.getElementById(box.dataset.status);
    if (!latitude || !longitude || box.dataset.ready) { return; }
    function sayFailed() {
      if (status && !status.textContent) { status.textContent = status.dataset.failed; }
    }
    if (!L) { sayFailed(); return; }
    box.dataset.ready = "1";  /* gives the box its height (static/css/admin-pin.css) */

    function fieldPoint() {
      var lat = parseFloat(latitude.value), lon = parseFloat(longitude.value);
      return isFinite(lat) && isFinite(lon) ? [lat, lon] : null;
    }

    var centre = box.dataset.centre.split(",").map(Number);
    var map = L.map(box).setView(fieldPoint() || centre, fieldPoint() ? 16 : Number(box.dataset.zoom));
    L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 19 })
      .on("tileerror", sayFailed)
      .addTo(map);
    var pin = null;

    function write(point) {
      // Six decimals is about 10 cm: more would only be noise.
      latitude.value = point.lat.toFixed(6);
      longitude.value = point.lng.toFixed(6);
      [latitude, longitude].forEach(function (input) {
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }

    function place(point) {
      if (pin) { pin.setLatLng(point); return; }
      pin = L.marker(point, { draggable: true, autoPan: true }).addTo(map);
      pin.on("dragend", function () { write(pin.getLatLng()); });
    }

    if (fieldPoint()) { place(fieldPoint()); }
    map.on("click", function (event) { place(event.latlng); write(event.latlng); });
    [latitude, longitude].forEach(function (input) {
      input.addEventListener("input", function () {
        var point = fieldPoint();
        if (point) { place(point); map.panTo(point); }
      });
    });
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pin-map]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
