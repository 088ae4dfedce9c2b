// Day 1's live parts (a small group's notes, the facilitator's matrix) ask every couple of seconds
// whether anything changed (htmx polling) and are replaced when it has. So that a keyboard or screen
// reader user never loses their place, a live part marked data-keeps-focus is not replaced while focus
// is inside it: it catches up as soon as focus leaves.

function focusIsInside(element) {
  const active = document.activeElement;
  return active && active !== document.body && element.contains(active);
}

document.addEventListener("htmx:beforeRequest", (event) => {
  const live = event.detail.elt;
  if (live && live.hasAttribute("data-keeps-focus") && focusIsInside(live)) event.preventDefault();
});
