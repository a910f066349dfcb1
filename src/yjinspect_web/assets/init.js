// Starts GOV.UK Frontend's components. A file of its own so the content security policy needs
// no inline script beyond the template's one nonce-tagged line.
import { initAll } from "./govuk-frontend.min.js";

initAll();

// htmx sends Django's CSRF token with every request it makes.
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.value;
  }
});
