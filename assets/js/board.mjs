// The meeting board asks every second (htmx polling) whether it has changed, and replaces its live
// part when it has. So that a keyboard or screen reader user never loses their place, it does not
// replace the board while focus is inside it: it catches up as soon as focus leaves.

function focusIsInside(element) {
  const active = document.activeElement;
  return active && active !== document.body && element.contains(active);
}

document.addEventListener("htmx:beforeRequest", (event) => {
  const live = event.detail.elt;
  if (live && live.id === "board-live" && focusIsInside(live)) event.preventDefault();
});
