// The dashboard's interactive map: Leaflet and Leaflet.markercluster (installed from npm into
// /static/vendor, never a CDN) over a basemap drawn from the boundaries and place names the app
// ships (no tile server).
// - Marks: each located incident, coloured by type, outlined by its side of the border, opening
//   its incident; marks close together are clustered, one cluster group per country, so a cluster
//   never holds acts on both sides of the border.
// - Choropleth: provinces shaded by the incidents, or the casualties, that the list gives for the
//   page's filters with that province picked (/api/map/provinces, counted by the server), with a
//   legend in words; a click on a province picks it (the page reloads filtered by it).
// Without Leaflet the server-drawn SVG map stays, and the filters work as a plain form.
"use strict";

const TYPE_COLOURS = {
  "Battles": "#b3261e",
  "Explosions/Remote violence": "#e07b00",
  "Violence against civilians": "#7b2d8b",
  "Strategic developments": "#1f5f8b",
  "Protests": "#2e7d32",
  "Riots": "#5b6570",
};
const SIDE_CLASS = { "Afghanistan": "side-af", "Pakistan": "side-pk" };
// Zoom from which each kind of label shows.
const LABEL_ZOOMS = [
  { zoom: 5, keep: (p) => p.layer === "province" },
  { zoom: 6, keep: (p) => p.layer === "place" && p.kind === "town" && p.population >= 1000000 },
  { zoom: 7, keep: (p) => p.layer === "place" && (p.kind === "crossing" || p.population >= 200000) },
  { zoom: 8, keep: (p) => p.layer === "place" },
];

// A crossing is named on both sides of the line at one point: each name on its own side.
const SIDE_DIRECTION = { "Afghanistan": "left", "Pakistan": "right" };

// A mark's size; marks at one spot (a crossing, say, named on both sides of the line) are drawn
// APART_PX apart at every zoom, ordered by country — Afghanistan west of Pakistan, as on the ground.
const MARK_PX = 16;
const APART_PX = 16;
// Marks closer than this (in pixels) at the map's zoom make one cluster — within one country only.
const CLUSTER_RADIUS = 40;
// A cluster is drawn a quarter of its width toward its own side, so that an Afghan and a Pakistani
// cluster at one spot (either side of a crossing) stay two marks apart.
const CLUSTER_SIDE = { "Afghanistan": -1, "Pakistan": 1 };

// The choropleth: light to dark slate, apart from the marks' colours; provinces with none are
// left plain.
const SHADES = ["#d2dfea", "#aac1d4", "#819fba", "#5b80a0", "#3b6283"];
const NO_SHADE = "#f4f1ea";
const MEASURES = {
  incidents: { heading: "Incidents", of: (p) => p.incidents },
  casualties: { heading: "Casualties (killed and injured, at least)", of: (p) => p.killed + p.injured },
};

function escapeText(text) {
  const holder = document.createElement("span");
  holder.textContent = text;
  return holder.innerHTML;
}

// A label beside a point (a crossing's, on its side) clears the marks drawn there.
const LABEL_CLEARANCE = { "left": [-APART_PX, 0], "right": [APART_PX, 0] };

function label(text, latlng, className, direction = "center") {
  return L.tooltip({
    permanent: true, direction: direction, className: className, interactive: false,
    offset: LABEL_CLEARANCE[direction] || [0, 0],
  }).setLatLng(latlng).setContent(escapeText(text));
}

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

// The page's address with the given parameters set (a value of null removes one).
function withParams(changes) {
  const query = new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === "") query.delete(name);
    else query.set(name, value);
  }
  return query;
}

// A click on a province picks it, as the Province and Country filters would (a district of
// another province would keep nothing: it goes).
function filterBy(properties) {
  window.location.search = withParams({
    admin1: properties.name, country: properties.country, admin2: null,
  }).toString();
}

// Upper bounds of up to five classes from 1 to the largest count, growing geometrically.
function classBounds(largest) {
  const bounds = [];
  for (let step = 1; step <= SHADES.length; step += 1) {
    const bound = Math.ceil(Math.pow(largest, step / SHADES.length));
    if (!bounds.length || bound > bounds[bounds.length - 1]) bounds.push(bound);
  }
  return largest > 0 ? bounds : [];
}

function classColour(index, classes) {
  if (classes === 1) return SHADES[SHADES.length - 2];
  return SHADES[Math.round(index * (SHADES.length - 1) / (classes - 1))];
}

function classOf(value, bounds) {
  return value > 0 ? bounds.findIndex((bound) => value <= bound) : -1;
}

function classWords(index, bounds) {
  const low = index === 0 ? 1 : bounds[index - 1] + 1;
  const high = bounds[index];
  return low === high ? String(low) : `${low}–${high}`;
}

function markLegend(box) {
  const details = L.DomUtil.create("details", "marks", box);
  L.DomUtil.create("summary", "", details).textContent = "Marks";
  const row = (swatchClass, text, colour) => {
    const line = L.DomUtil.create("div", "", details);
    const swatch = L.DomUtil.create("span", "swatch " + swatchClass, line);
    if (colour) swatch.style.background = colour;  // set through the DOM: no inline style attribute
    line.appendChild(document.createTextNode(text));
  };
  for (const [type, colour] of Object.entries(TYPE_COLOURS)) row("", type, colour);
  row("side-af", "outline: Afghan side");
  row("side-pk", "outline: Pakistani side");
  row("cluster side-af", "dark disc: incidents close together, Afghan side (number: how many)");
  row("cluster side-pk", "light disc: the same, Pakistani side");
}

// The legend: what shades the provinces (a choice, and each class in words) and what the marks are.
function legend(shading) {
  const control = L.control({ position: "topright" });
  control.onAdd = () => {
    const box = L.DomUtil.create("div", "map-legend");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    const choice = L.DomUtil.create("label", "shade-choice", box);
    choice.appendChild(document.createTextNode("Shade provinces by "));
    const select = L.DomUtil.create("select", "", choice);
    select.id = "map-shade";
    for (const value of Object.keys(MEASURES)) {
      const option = L.DomUtil.create("option", "", select);
      option.value = value;
      option.textContent = value;
    }
    select.value = shading.measure;
    select.addEventListener("change", () => shading.show(select.value));
    shading.classesBox = L.DomUtil.create("ul", "shade-classes", box);
    shading.classesBox.id = "map-shade-legend";
    markLegend(box);
    return box;
  };
  return control;
}

// Draws the classes of the legend (in words) for the measure shown.
function drawClasses(shading) {
  const box = shading.classesBox;
  if (!box) return;
  box.replaceChildren();
  const line = (colour, text) => {
    const item = L.DomUtil.create("li", "", box);
    const swatch = L.DomUtil.create("span", "swatch square", item);
    swatch.style.background = colour;
    item.appendChild(document.createTextNode(text));
  };
  const heading = L.DomUtil.create("li", "shade-heading", box);
  heading.textContent = MEASURES[shading.measure].heading + ":";
  line(NO_SHADE, "none");
  shading.bounds.forEach((_, index) => line(
    classColour(index, shading.bounds.length), classWords(index, shading.bounds)));
  if (shading.unplaced > 0) {
    const note = L.DomUtil.create("li", "unplaced", box);
    note.textContent = `${shading.unplaced} in no province drawn`;
  }
}

function markIcon(properties, offset) {
  return L.divIcon({
    className: "incident-mark " + (SIDE_CLASS[properties.country] || "side-unknown"),
    html: "",
    iconSize: [MARK_PX, MARK_PX],
    iconAnchor: [MARK_PX / 2 - offset, MARK_PX / 2],
    tooltipAnchor: [offset, -MARK_PX / 2],
  });
}

function clusterIcon(country) {
  return (cluster) => {
    const count = cluster.getChildCount();
    const size = count < 10 ? 34 : count < 100 ? 40 : 46;
    const shift = (CLUSTER_SIDE[country] || 0) * size / 4;
    const where = country ? "in " + escapeText(country) : "of an unknown country";
    return L.divIcon({
      className: "incident-cluster " + (SIDE_CLASS[country] || "side-unknown"),
      html: `<span aria-hidden="true">${count}</span>` +
        `<span class="visually-hidden">${count} incidents close together ${where}: zoom in</span>`,
      iconSize: L.point(size, size),
      iconAnchor: [size / 2 - shift, size / 2],
    });
  };
}

// One cluster group per country: marks of two countries are never one cluster.
function clusterGroups(map) {
  const groups = new Map();
  const groupOf = (country) => {
    const key = country || "";
    if (!groups.has(key)) {
      const group = L.markerClusterGroup({
        maxClusterRadius: CLUSTER_RADIUS,
        showCoverageOnHover: false,
        spiderfyOnMaxZoom: true,
        iconCreateFunction: clusterIcon(key),
      });
      // Enter on a cluster (it takes the keyboard's focus) does what a click does.
      group.on("clusterkeypress", (event) => {
        if (event.originalEvent.key !== "Enter") return;
        if (map.getZoom() >= map.getMaxZoom()) event.layer.spiderfy();
        else event.layer.zoomToBounds({ padding: [20, 20] });
      });
      groups.set(key, group.addTo(map));
    }
    return groups.get(key);
  };
  return [groupOf, groups];
}

function addMarks(map, features) {
  const [groupOf, groups] = clusterGroups(map);
  const marks = new Map();
  for (const [feature, where, offset] of spread(features)) {
    const p = feature.properties;
    const text = `${p.day || "undated"} · ${p.sub_event_type} · ${[p.location, p.admin1, p.country].filter(Boolean).join(", ")}`;
    const open = () => { window.location.href = "/incidents/" + feature.id; };
    const mark = L.marker(where, { icon: markIcon(p, offset), keyboard: true, riseOnHover: true });
    mark.country = p.country || "";
    mark.incident = feature.id;
    mark.bindTooltip(escapeText(text), { direction: "top" });
    mark.on("click", open);
    // The element is made anew each time the mark leaves a cluster: it is dressed each time.
    mark.on("add", () => {
      const element = mark.getElement();
      element.style.background = TYPE_COLOURS[p.event_type] || "#333";
      element.dataset.incident = feature.id;
      element.dataset.country = p.country || "";
      element.setAttribute("role", "link");
      element.setAttribute("aria-label", "Incident: " + text);
      element.addEventListener("keydown", (event) => { if (event.key === "Enter") open(); });
    });
    groupOf(p.country).addLayer(mark);
    marks.set(feature.id, mark);
  }
  return [marks, groups];
}

async function drawMap(holder) {
  const query = holder.dataset.query || "";
  const [base, found, counts] = await Promise.all([
    fetch("/api/map/basemap").then((r) => r.json()),
    fetch("/api/map/incidents?" + query).then((r) => r.json()),
    fetch("/api/map/provinces?" + query).then((r) => r.json()),
  ]);
  const figure = holder.closest("figure");
  figure.classList.add("live");  // shown before Leaflet measures it
  const map = L.map(holder, { zoomSnap: 0.5, minZoom: 4, maxZoom: 12 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(
    "Boundaries: geoBoundaries, OCHA COD-AB, Natural Earth · places: GeoNames");
  const features = base.features;
  const picked = new URLSearchParams(window.location.search).get("admin1");
  const countOf = new Map(counts.provinces.map((p) => [p.name + "|" + (p.country || ""), p]));
  const asked = new URLSearchParams(window.location.search).get("shade");
  const shading = {
    measure: Object.hasOwn(MEASURES, asked || "") ? asked : "incidents",
    bounds: [],
    unplaced: 0,
    classesBox: null,
  };
  const figuresOf = (properties) => countOf.get(properties.name + "|" + (properties.country || ""));
  const valueOf = (properties) => {
    const figures = figuresOf(properties);
    return figures ? MEASURES[shading.measure].of(figures) : 0;
  };
  const isPicked = (properties) => Boolean(picked) && properties.name.toLowerCase().includes(picked.toLowerCase());
  const style = (f) => {
    const index = classOf(valueOf(f.properties), shading.bounds);
    return {
      color: isPicked(f.properties) ? "#12344d" : "#8a8172",
      weight: isPicked(f.properties) ? 3 : 0.8,
      fillOpacity: 1,
      fillColor: index < 0 ? (f.properties.disputed ? "#e8e8e8" : NO_SHADE) : classColour(index, shading.bounds.length),
      dashArray: f.properties.disputed ? "4 3" : null,
    };
  };
  const describe = (properties) => {
    const figures = figuresOf(properties) || { incidents: 0, killed: 0, injured: 0 };
    const where = properties.country ? `${properties.name} (${properties.country})` : properties.name;
    return `${where}: ${figures.incidents} incident${figures.incidents === 1 ? "" : "s"}, ` +
      `${figures.killed} killed and ${figures.injured} injured at least — click to filter by it`;
  };
  const provinces = L.geoJSON(features.filter((f) => f.properties.layer === "province"), {
    style: style,
    onEachFeature: (f, layer) => {
      layer.bindTooltip(escapeText(describe(f.properties)), { sticky: true });
      layer.on("click", () => filterBy(f.properties));
      layer.on("add", () => {
        const element = layer.getElement();
        element.dataset.province = f.properties.name;
        element.dataset.country = f.properties.country || "";
      });
    },
  }).addTo(map);
  shading.show = (measure) => {
    shading.measure = measure;
    const values = counts.provinces.map((p) => MEASURES[measure].of(p));
    shading.bounds = classBounds(Math.max(0, ...values));
    shading.unplaced = MEASURES[measure].of(counts.unplaced);
    provinces.setStyle(style);
    provinces.eachLayer((layer) => {
      layer.getElement().dataset.count = String(valueOf(layer.feature.properties));
    });
    drawClasses(shading);
    holder.dataset.shade = measure;
    // The address keeps the choice (to share or reload it); the filter form carries it along.
    const address = withParams({ shade: measure === "incidents" ? null : measure }).toString();
    history.replaceState(null, "", address ? "?" + address : window.location.pathname);
    const form = document.querySelector("form.filters");
    if (form) {
      let kept = form.querySelector("input[name=shade]");
      if (!kept) {
        kept = document.createElement("input");
        kept.type = "hidden";
        kept.name = "shade";
        form.appendChild(kept);
      }
      kept.value = measure;
      kept.disabled = measure === "incidents";
    }
  };
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
  const located = found.features.map((f) => L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]));
  map.fitBounds(located.length ? L.latLngBounds(located).pad(0.3) : provinces.getBounds(), { maxZoom: 7 });
  const [marks, groups] = addMarks(map, found.features);
  legend(shading).addTo(map);
  shading.show(shading.measure);
  showLabels();
  // For the browser tests and the curious: the map, its marks by incident id, its cluster groups
  // by country.
  holder.incidentMap = { map: map, marks: marks, groups: groups };
  holder.dataset.marks = String(marks.size);
  holder.setAttribute("data-ready", "true");
}

document.addEventListener("DOMContentLoaded", () => {
  const holder = document.getElementById("live-map");
  if (!holder || !window.L || !L.markerClusterGroup) return;
  drawMap(holder).catch((error) => {
    holder.dataset.error = String(error);
    holder.closest("figure").classList.remove("live");  // the server-drawn map again
  });
});
