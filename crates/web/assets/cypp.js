// Progressive enhancement only: every page works without this. It marks the page as able to
// run the GOV.UK Frontend components and starts them.
document.body.classList.add("js-enabled", "govuk-frontend-supported");
import("/assets/govuk-frontend.min.js").then((govuk) => govuk.initAll());
