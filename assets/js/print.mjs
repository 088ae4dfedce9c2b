// The printable one-page profile's "Print this page" button (profiles/print.html). The button is
// hidden in the page, because it needs this script; the browser's own Print works without it.
// Importing this module is enough: modules run once the page has been read.
function initPrintButtons() {
  if (typeof window.print !== "function") return;
  document.querySelectorAll("[data-op-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
}

initPrintButtons();
