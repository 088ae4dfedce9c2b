// The area review toolkit's live pages (Day 2's tables, dot voting).
//
// The timer: the server renders the time left (data-seconds-left) and whether it is paused; this
// counts it down every second in the browser and says "Time to move on" at 0. It announces "Time to
// move to the next table" once per round through the page's aria-live region (#toolkit-timer-news);
// the ticking clock itself is not a live region, so a screen reader is not told every second.
// Without JavaScript the server-rendered time shows.
//
// The live parts ([data-toolkit-live]) ask every two seconds (htmx polling) whether anything changed
// and are replaced when it has. So that nobody loses their place or what they typed, a part is not
// replaced while focus is inside it or while one of its fields holds something not yet sent: it
// catches up as soon as that is over.

const announced = new Set();
const running = new WeakMap();

function clockText(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = String(seconds % 60).padStart(2, "0");
  return `${minutes}:${rest}`;
}

function announce(text) {
  const region = document.getElementById("toolkit-timer-news");
  if (region) region.textContent = text;
}

function startTimer(element) {
  if (running.has(element)) return;
  const left = Number.parseInt(element.dataset.secondsLeft, 10);
  if (Number.isNaN(left) || element.dataset.paused === "true") return;
  const clock = element.querySelector("[data-toolkit-clock]");
  const state = element.querySelector("[data-toolkit-state]");
  const ends = Date.now() + left * 1000;
  const round = element.dataset.round;
  if (left === 0) {
    announced.add(round); // the time was already up when this part came: nothing new to say
    return;
  }
  const tick = () => {
    const now = Math.max(0, Math.ceil((ends - Date.now()) / 1000));
    if (!element.isConnected || now === 0) clearInterval(running.get(element));
    if (!element.isConnected) return;
    if (now > 0) {
      clock.textContent = clockText(now);
      return;
    }
    clock.textContent = element.dataset.timeUp;
    if (state) state.textContent = "";
    element.closest(".toolkit-timer")?.classList.add("toolkit-timer--up");
    if (!announced.has(round)) {
      announced.add(round);
      announce(element.dataset.announce);
    }
  };
  running.set(element, setInterval(tick, 1000));
}

function startTimers(root) {
  if (root.matches?.("[data-toolkit-timer]")) startTimer(root);
  for (const element of root.querySelectorAll("[data-toolkit-timer]")) startTimer(element);
}

function focusIsInside(element) {
  const active = document.activeElement;
  return active && active !== document.body && element.contains(active);
}

function holdsUnsentInput(element) {
  for (const field of element.querySelectorAll("textarea, input[type=text], input:not([type])")) {
    if (field.value !== field.defaultValue) return true;
  }
  for (const field of element.querySelectorAll("input[type=radio], input[type=checkbox]")) {
    if (field.checked !== field.defaultChecked) return true;
  }
  for (const select of element.querySelectorAll("select")) {
    for (const option of select.options) {
      if (option.selected !== option.defaultSelected) return true;
    }
  }
  return false;
}

document.addEventListener("htmx:beforeRequest", (event) => {
  const live = event.detail.elt;
  if (!live || !live.hasAttribute || !live.hasAttribute("data-toolkit-live")) return;
  if (focusIsInside(live) || holdsUnsentInput(live)) event.preventDefault();
});

document.addEventListener("htmx:load", (event) => startTimers(event.detail.elt));
startTimers(document);
