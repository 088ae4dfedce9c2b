// Starts GOV.UK Frontend's components. Loaded as an external module so a strict
// Content-Security-Policy (no inline script) works.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
