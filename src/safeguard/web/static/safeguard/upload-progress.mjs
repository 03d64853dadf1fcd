// Uploading a return: shows how much of the file has gone and then that it is being checked,
// instead of a page that seems to hang while a large workbook travels and is validated.
// Without JavaScript the form posts as usual; with it, the same form is sent by XMLHttpRequest
// (the only browser API that reports upload progress) asking for JSON, and the page moves on
// to the findings when the server answers, or shows the server's message if it refused the file.
// A file over the upload limit is not sent at all: the server would stop reading it part way,
// which a browser may report as a broken connection rather than as the server's message.

function megabytes(bytes) {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

export function showUploadProgress(form) {
  const panel = form.querySelector(".app-upload-progress");
  const bar = panel.querySelector("progress");
  const status = panel.querySelector(".app-upload-progress__status");
  const problem = panel.querySelector(".app-upload-progress__problem");
  const input = form.querySelector("input[type=file]");
  const button = form.querySelector("button");

  form.addEventListener("submit", (event) => {
    if (input.files.length === 0) {
      return; // the server says what is missing, as without JavaScript
    }
    event.preventDefault();
    const limit = Number(form.dataset.maxBytes || 0);
    if (limit && input.files[0].size > limit) {
      panel.hidden = false;
      finish(form.dataset.tooLarge); // the server would stop reading it anyway
      return;
    }
    const size = megabytes(input.files[0].size);
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("Accept", "application/json");
    request.responseType = "json";
    request.upload.addEventListener("progress", (progress) => {
      if (progress.lengthComputable) {
        const percent = Math.round((100 * progress.loaded) / progress.total);
        bar.value = percent;
        status.textContent = `Uploading: ${percent}% of ${size} sent.`;
      }
    });
    request.upload.addEventListener("load", () => {
      bar.removeAttribute("value"); // indeterminate: the check has no steps to count
      status.textContent = "Uploaded. Checking every row of the return: a large file can take a minute.";
    });
    request.addEventListener("load", () => {
      const answer = request.response || {};
      if (request.status === 200 && answer.next) {
        status.textContent = "Checked. Opening what the check found.";
        window.location.assign(answer.next);
        return;
      }
      finish(answer.problem || `The upload was refused (status ${request.status}). Reload the page and try again.`);
    });
    request.addEventListener("error", () => finish("The upload did not reach the server: check your connection and try again."));
    problem.hidden = true;
    panel.hidden = false;
    button.disabled = true;
    bar.value = 0;
    status.textContent = `Uploading: 0% of ${size} sent.`;
    request.send(new FormData(form));
  });

  function finish(message) {
    status.textContent = "";
    problem.textContent = message;
    problem.hidden = false;
    button.disabled = false;
    input.focus();
  }
}
