// Plain words. The live region under a text box (plainwords/_live_check.html) asks the server,
// through htmx, for suggestions as someone types; this module sends it the box's text, and makes
// the "Try:" buttons put a plainer word in place of the flagged one. No inline script, no eval.

export function initPlainWords() {
  document.addEventListener("htmx:configRequest", sendTheText);
  document.addEventListener("htmx:beforeSwap", onlyWhenChanged);
  document.addEventListener("click", useThePlainerWord);
}

function regionOf(element) {
  return element instanceof Element ? element.closest("[data-plainwords-check]") : null;
}

// htmx sends only the box's id (hx-params="field"): the text goes in the request body, never a URL.
function sendTheText(event) {
  const region = regionOf(event.detail.elt);
  if (!region || event.detail.elt !== region) return;
  const field = document.getElementById(region.dataset.plainwordsField);
  const text = field ? field.value : "";
  if (!text.trim()) {
    event.preventDefault(); // nothing to check, so no need to ask
    show(region, "");
    return;
  }
  event.detail.parameters.text = text;
  event.detail.parameters.field = region.dataset.plainwordsField;
}

// A screen reader announces a live region whenever it changes, so the same suggestions are not
// put in again while someone keeps typing, and an answer that fails to arrive is simply not shown.
function onlyWhenChanged(event) {
  const region = regionOf(event.target);
  if (!region || event.detail.requestConfig?.elt !== region) return;
  const { requestPath, responsePath } = event.detail.pathInfo;
  const redirected = responsePath && new URL(responsePath, location.href).pathname !== new URL(requestPath, location.href).pathname;
  if (event.detail.xhr.status !== 200 || redirected) {
    // Signed out meanwhile, or the server is away: say nothing rather than show an error page here.
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    return;
  }
  const flags = region.querySelector("[data-plainwords-flags]");
  if (flags && flags.innerHTML.trim() === normalised(event.detail.serverResponse)) {
    event.detail.shouldSwap = false;
  }
}

function normalised(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  return template.innerHTML.trim();
}

function show(region, html) {
  const flags = region.querySelector("[data-plainwords-flags]");
  if (flags && flags.innerHTML.trim() !== html) flags.innerHTML = html;
}

function useThePlainerWord(event) {
  const button = event.target instanceof Element ? event.target.closest("[data-plainwords-replace]") : null;
  if (!button) return;
  const field = document.getElementById(button.dataset.field);
  if (!field) return;
  const found = button.dataset.found;
  const plain = button.dataset.with;
  const at = findWhole(field.value, found);
  if (at < 0) return;
  const replacement = fitted(plain, field.value, at);
  field.focus();
  field.setRangeText(replacement, at, at + found.length, "end"); // the caret goes after the new words
  field.dispatchEvent(new Event("input", { bubbles: true })); // so htmx checks the text again
  const region = regionOf(button) || document.getElementById(`plain-words-${button.dataset.field}`);
  if (region) announce(region, found, replacement);
}

function announce(region, found, replacement) {
  const status = region.querySelector("[data-plainwords-status]");
  if (!status) return;
  const message = (region.dataset.plainwordsChanged || "Changed ‘{found}’ to ‘{with}’.")
    .replace("{found}", found)
    .replace("{with}", replacement);
  status.textContent = "";
  // Emptied first, then filled a moment later, so the same message is announced again if repeated.
  window.setTimeout(() => {
    status.textContent = message;
  }, 100);
}

// The first place `found` appears as a whole word ("OT", not the "OT" in "NOTE"), else anywhere.
export function findWhole(text, found) {
  const escaped = found.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const whole = new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, "u");
  const match = whole.exec(text);
  return match ? match.index : text.indexOf(found);
}

// Like plainwords.checker.replace: a plainer word that starts a sentence gets a capital letter.
export function fitted(plain, text, at) {
  const before = text.slice(0, at).replace(/[ \t"'‘“(*\-•]+$/u, "");
  const startsSentence = before === "" || /[.!?\r\n]$/.test(before);
  const first = plain.charAt(0);
  return startsSentence && first !== first.toUpperCase() ? first.toUpperCase() + plain.slice(1) : plain;
}
