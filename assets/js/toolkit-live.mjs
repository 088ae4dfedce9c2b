// The area review toolkit's live parts: every part of a page marked data-toolkit-live asks every two
// seconds (htmx polling) whether anything changed and is replaced when it has.
//
// So that nobody loses their place or what they typed, a live part is not replaced while keyboard
// focus is inside it or while one of its fields holds something not yet sent: it is not asked for
// then, and an answer that arrives meanwhile is dropped. It catches up as soon as that is over.
//
// Saying aloud what changed: the page keeps one aria-live region outside the live part (it is never
// replaced, so screen readers keep listening to it) and fills it only when something the listener
// cares about changed. Most live parts fill it from the server (hx-swap-oob="innerHTML"). A live
// part may instead carry data-toolkit-news (the region's id), data-news-key (what the listener cares
// about, e.g. the priorities and how many actions each has) and data-news-text (what to say): the
// region is filled when a new copy of the part comes with another key.
//
// Every toolkit page with a live part loads this module (toolkit-timer.mjs and toolkit-day-one.mjs
// import it), so there is one guard for them all.

const LIVE = "[data-toolkit-live]";
const NEWS = "[data-toolkit-news]";
const NOT_TYPED = new Set(["hidden", "submit", "button", "reset", "image", "file", "radio", "checkbox"]);

function focusIsInside(element) {
  const active = document.activeElement;
  return Boolean(active && active !== document.body && element.contains(active));
}

export function holdsUnsentInput(element) {
  for (const field of element.querySelectorAll("input, textarea")) {
    const type = (field.getAttribute("type") || "text").toLowerCase();
    if (type === "radio" || type === "checkbox") {
      if (field.checked !== field.defaultChecked) return true;
    } else if (!NOT_TYPED.has(type) && field.value !== field.defaultValue) {
      return true;
    }
  }
  for (const select of element.querySelectorAll("select")) {
    for (const option of select.options) {
      if (option.selected !== option.defaultSelected) return true;
    }
  }
  return false;
}

export function isBusy(element) {
  return focusIsInside(element) || holdsUnsentInput(element);
}

function livePart(element) {
  return element && element.matches && element.matches(LIVE) ? element : null;
}

document.addEventListener("htmx:beforeRequest", (event) => {
  const live = livePart(event.detail.elt);
  if (live && isBusy(live)) event.preventDefault();
});

document.addEventListener("htmx:beforeSwap", (event) => {
  const live = livePart(event.detail.target);
  if (live && isBusy(live)) event.detail.shouldSwap = false;
});

// What each news region last heard about: region id -> key.
const heard = new Map();

function hearNews(root, speak) {
  if (!root || !root.querySelectorAll) return;
  const parts = [...(root.matches && root.matches(NEWS) ? [root] : []), ...root.querySelectorAll(NEWS)];
  for (const part of parts) {
    const regionId = part.dataset.toolkitNews;
    const key = part.dataset.newsKey || "";
    const before = heard.get(regionId);
    heard.set(regionId, key);
    if (!speak || before === undefined || before === key) continue;
    const region = document.getElementById(regionId);
    if (region) region.textContent = part.dataset.newsText || "";
  }
}

document.addEventListener("htmx:load", (event) => hearNews(event.detail.elt, true));
hearNews(document, false);
