// Starts GOV.UK Frontend's components and OurPlan's own small enhancements. Loaded as an external
// module so a strict Content-Security-Policy (no inline script) works. Every page works without it.
import { initAll } from "/static/govuk/govuk-frontend.min.js";
import { initMeMode } from "./me-mode.mjs";
import { initPlainWords } from "./plainwords.mjs";
import "./print.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
initMeMode();
initPlainWords();
