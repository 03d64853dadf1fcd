// Starts GOV.UK Frontend's components (the menu toggle, password reveal, error summary focus).
import { initAll } from "../build/govuk-frontend.min.js";

initAll();
