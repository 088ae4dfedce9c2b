// The area review toolkit's live pages (Day 2's tables, dot voting).
//
// The timer: the server renders the time left (data-seconds-left) and whether it is paused; this
// counts it down every second in the browser and says "Time to move on" at 0. It announces "Time to
// move to the next table" once per round through the page's aria-live region (#toolkit-timer-news);
// the ticking clock itself is not a live region, so a screen reader is not told every second.
// Without JavaScript the server-rendered time shows.
//
// The live parts ([data-toolkit-live]) are kept from being replaced under someone's focus or typing
// by toolkit-live.mjs, the one guard for all the toolkit's live parts.

import "./toolkit-live.mjs";

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

document.addEventListener("htmx:load", (event) => startTimers(event.detail.elt));
startTimers(document);
