// Filters apply as soon as a value changes: the dashboard's counters, timeline and map redraw together.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    for (const field of form.querySelectorAll("select, input[type=date]")) {
      field.addEventListener("change", () => form.requestSubmit());
    }
  }
  markScrollingTables();
  window.addEventListener("resize", markScrollingTables);
});

// A table wider than the screen scrolls inside its box (a phone): it takes the keyboard's focus,
// so that it can be scrolled without a pointer too.
function markScrollingTables() {
  for (const table of document.querySelectorAll("main table")) {
    const scrolls = table.scrollWidth > table.clientWidth + 1;
    if (scrolls) table.setAttribute("tabindex", "0");
    else table.removeAttribute("tabindex");
  }
}
