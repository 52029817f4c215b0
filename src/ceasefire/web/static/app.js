// Filters apply as soon as a value changes: the dashboard's counters, timeline and map redraw together.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    for (const field of form.querySelectorAll("select, input[type=date]")) {
      field.addEventListener("change", () => form.requestSubmit());
    }
  }
});
