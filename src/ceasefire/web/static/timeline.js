// Brushing the dashboard's timeline: drag across the chart of incidents per day (or tap one day)
// and the filter form's From and To take that range; the page reloads with it — its address says
// the range, so it can be shared or reloaded — and the counters, the map and the list show those
// days only. Without scripts the From and To fields do the same.
"use strict";

const SVG = "http://www.w3.org/2000/svg";

// The day under a pointer, from the chart's own description of its axis (charts.timeline_svg).
function dayIndex(chart, clientX) {
  const box = chart.getBoundingClientRect();
  const x = (clientX - box.left) * chart.viewBox.baseVal.width / box.width;
  const left = Number(chart.dataset.left);
  const right = Number(chart.dataset.right);
  const days = Number(chart.dataset.days);
  const index = Math.floor((x - left) / (right - left) * days);
  return Math.min(Math.max(index, 0), days - 1);
}

function isoDay(first, offset) {
  const day = new Date(first + "T00:00:00Z");
  day.setUTCDate(day.getUTCDate() + offset);
  return day.toISOString().slice(0, 10);
}

function brush(chart, form) {
  const from = form.querySelector("input[name=date_from]");
  const to = form.querySelector("input[name=date_to]");
  if (!from || !to || !chart.dataset.first) return;
  const left = Number(chart.dataset.left);
  const step = (Number(chart.dataset.right) - left) / Number(chart.dataset.days);
  const band = document.createElementNS(SVG, "rect");
  band.setAttribute("class", "brush");
  band.setAttribute("y", "0");
  band.setAttribute("height", String(chart.viewBox.baseVal.height - 20));
  band.setAttribute("width", "0");
  chart.appendChild(band);
  chart.classList.add("brushable");
  let start = null;
  const show = (a, b) => {
    band.setAttribute("x", String(left + Math.min(a, b) * step));
    band.setAttribute("width", String((Math.abs(b - a) + 1) * step));
  };
  chart.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    start = dayIndex(chart, event.clientX);
    chart.setPointerCapture(event.pointerId);
    show(start, start);
    event.preventDefault();
  });
  chart.addEventListener("pointermove", (event) => {
    if (start !== null) show(start, dayIndex(chart, event.clientX));
  });
  chart.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const end = dayIndex(chart, event.clientX);
    const first = chart.dataset.first;
    from.value = isoDay(first, Math.min(start, end));
    to.value = isoDay(first, Math.max(start, end));
    start = null;
    form.dataset.brushed = "true";
    form.requestSubmit();
  });
  chart.addEventListener("pointercancel", () => {
    start = null;
    band.setAttribute("width", "0");
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const chart = document.querySelector("#timeline svg.timeline");
  const form = document.querySelector("form.filters");
  if (chart && form) brush(chart, form);
});
