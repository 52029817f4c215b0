// The dashboard's interactive map: Leaflet (installed from npm into /static/vendor, never a CDN)
// over a basemap drawn from the boundaries and place names the app ships (no tile server). Each
// located incident is one mark, coloured by type and opening its incident; marks on either side of
// the border are never merged. The filters draw the map (the page's query), and a click on a
// province filters the page by it. Without Leaflet the server-drawn SVG map stays.
"use strict";

const TYPE_COLOURS = {
  "Battles": "#b3261e",
  "Explosions/Remote violence": "#e07b00",
  "Violence against civilians": "#7b2d8b",
  "Strategic developments": "#1f5f8b",
  "Protests": "#2e7d32",
  "Riots": "#5b6570",
};
const SIDE_OUTLINE = { "Afghanistan": "#111111", "Pakistan": "#ffffff" };
// Zoom from which each kind of label shows.
const LABEL_ZOOMS = [
  { zoom: 5, keep: (p) => p.layer === "province" },
  { zoom: 6, keep: (p) => p.layer === "place" && p.kind === "town" && p.population >= 1000000 },
  { zoom: 7, keep: (p) => p.layer === "place" && (p.kind === "crossing" || p.population >= 200000) },
  { zoom: 8, keep: (p) => p.layer === "place" },
];

// A crossing is named on both sides of the line at one point: each name on its own side.
const SIDE_DIRECTION = { "Afghanistan": "left", "Pakistan": "right" };

function label(text, latlng, className, direction = "center") {
  return L.tooltip({ permanent: true, direction: direction, className: className, interactive: false })
    .setLatLng(latlng).setContent(text);
}

// Marks at one spot (a crossing, say, named on both sides of the line) are drawn apart by a few
// pixels at every zoom, ordered by country — Afghanistan west of Pakistan, as on the ground.
const APART_PX = 16;

function spread(features) {
  const groups = new Map();
  for (const feature of features) {
    const [lon, lat] = feature.geometry.coordinates;
    const key = lat.toFixed(3) + "," + lon.toFixed(3);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(feature);
  }
  const placed = [];
  for (const group of groups.values()) {
    group.sort((a, b) => (a.properties.country || "").localeCompare(b.properties.country || ""));
    group.forEach((feature, index) => {
      const [lon, lat] = feature.geometry.coordinates;
      placed.push([feature, L.latLng(lat, lon), (index - (group.length - 1) / 2) * APART_PX]);
    });
  }
  return placed;
}

function shifted(map, where, offset) {
  return offset ? map.unproject(map.project(where).add([offset, 0])) : where;
}

function filterBy(properties) {
  const query = new URLSearchParams(window.location.search);
  query.set("admin1", properties.name);
  if (properties.country) query.set("country", properties.country);
  window.location.search = query.toString();
}

function legend() {
  const control = L.control({ position: "topright" });
  control.onAdd = () => {
    const box = L.DomUtil.create("div", "map-legend");
    const row = (swatchClass, text, colour) => {
      const line = L.DomUtil.create("div", "", box);
      const swatch = L.DomUtil.create("span", "swatch " + swatchClass, line);
      if (colour) swatch.style.background = colour;  // set through the DOM: no inline style attribute
      line.appendChild(document.createTextNode(text));
    };
    for (const [type, colour] of Object.entries(TYPE_COLOURS)) row("", type, colour);
    row("side-af", "outline: Afghan side");
    row("side-pk", "outline: Pakistani side");
    return box;
  };
  return control;
}

async function drawMap(holder) {
  const [base, marks] = await Promise.all([
    fetch("/api/map/basemap").then((r) => r.json()),
    fetch("/api/map/incidents?" + (holder.dataset.query || "")).then((r) => r.json()),
  ]);
  const figure = holder.closest("figure");
  figure.classList.add("live");  // shown before Leaflet measures it
  const map = L.map(holder, { zoomSnap: 0.5, minZoom: 4, maxZoom: 12 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(
    "Boundaries: geoBoundaries, OCHA COD-AB, Natural Earth · places: GeoNames");
  const features = base.features;
  const provinces = L.geoJSON(features.filter((f) => f.properties.layer === "province"), {
    style: (f) => ({
      color: "#8a8172", weight: 0.8, fillOpacity: 1,
      fillColor: f.properties.disputed ? "#e8e8e8" : (f.properties.country === "Pakistan" ? "#eef2e6" : "#f6f0e2"),
      dashArray: f.properties.disputed ? "4 3" : null,
    }),
    onEachFeature: (f, layer) => {
      layer.bindTooltip(`${f.properties.name} (${f.properties.country}): click to filter`, { sticky: true });
      layer.on("click", () => filterBy(f.properties));
    },
  }).addTo(map);
  L.geoJSON(features.filter((f) => f.properties.layer === "border"), {
    style: { color: "#1d232a", weight: 2.5, dashArray: "8 4" }, interactive: false,
  }).addTo(map);
  const tiers = LABEL_ZOOMS.map(() => L.layerGroup());
  for (const f of features) {
    const tier = LABEL_ZOOMS.findIndex((t) => t.keep(f.properties));
    if (tier < 0) continue;
    if (f.properties.layer === "province") {
      const centre = L.geoJSON(f).getBounds().getCenter();
      tiers[tier].addLayer(label(f.properties.name, centre, "province-label"));
    } else {
      const [lon, lat] = f.geometry.coordinates;
      const where = L.latLng(lat, lon);
      tiers[tier].addLayer(L.circleMarker(where, { radius: 2, color: "#333", weight: 1, interactive: false }));
      const side = f.properties.kind === "crossing" ? SIDE_DIRECTION[f.properties.country] : undefined;
      tiers[tier].addLayer(label(f.properties.name, where, "place-label " + f.properties.kind, side));
    }
  }
  const showLabels = () => tiers.forEach((layer, index) => {
    if (map.getZoom() >= LABEL_ZOOMS[index].zoom) layer.addTo(map); else layer.remove();
  });
  map.on("zoomend", showLabels);
  const placed = spread(marks.features);
  const drawn = placed.map(([, where]) => where);
  const apart = [];
  // The view first: Leaflet draws a mark (and gives its element) only on a map that has one.
  map.fitBounds(drawn.length ? L.latLngBounds(drawn).pad(0.3) : provinces.getBounds(), { maxZoom: 7 });
  for (const [feature, where, offset] of placed) {
    const p = feature.properties;
    const mark = L.circleMarker(shifted(map, where, offset), {
      radius: 7, weight: 2, fillOpacity: 0.9,
      fillColor: TYPE_COLOURS[p.event_type] || "#333",
      color: SIDE_OUTLINE[p.country] || "#888",
      className: "incident-mark",
    }).addTo(map);
    const text = `${p.day || "undated"} · ${p.sub_event_type} · ${[p.location, p.admin1, p.country].filter(Boolean).join(", ")}`;
    mark.bindTooltip(text);
    const open = () => { window.location.href = "/incidents/" + feature.id; };
    mark.on("click", open);
    const element = mark.getElement();
    element.dataset.incident = feature.id;
    element.dataset.country = p.country || "";
    element.setAttribute("role", "link");
    element.setAttribute("tabindex", "0");
    element.setAttribute("aria-label", "Incident: " + text);
    element.addEventListener("keydown", (event) => { if (event.key === "Enter") open(); });
    if (offset) apart.push([mark, where, offset]);
  }
  map.on("zoomend", () => apart.forEach(([mark, where, offset]) => mark.setLatLng(shifted(map, where, offset))));
  legend().addTo(map);
  showLabels();
  holder.dataset.marks = String(drawn.length);
  holder.setAttribute("data-ready", "true");
}

document.addEventListener("DOMContentLoaded", () => {
  const holder = document.getElementById("live-map");
  if (!holder || !window.L) return;
  drawMap(holder).catch((error) => {
    holder.dataset.error = String(error);
    holder.closest("figure").classList.remove("live");  // the server-drawn map again
  });
});
