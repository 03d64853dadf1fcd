// Starts GOV.UK Frontend's components (the menu toggle, password reveal, error summary focus)
// and Safeguard's own: the upload progress of the imports page.
import { initAll } from "../build/govuk-frontend.min.js";
import { showUploadProgress } from "./upload-progress.mjs";

initAll();
document.querySelectorAll("form[data-upload-progress]").forEach(showUploadProgress);
