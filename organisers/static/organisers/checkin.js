// Check-in without a page reload: the "present" / "undo" forms post as they
// would without script, then the person's row and the count are replaced by
// those of the page the server sends back. Focus returns to the new button,
// and the count's live region announces the change.
(function () {
  "use strict";
  const root = document.querySelector("[data-checkin]");
  if (!root) return;

  async function submit(form) {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(response.status);
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const row = form.closest("li");
    const newRow = page.getElementById(row.id);
    const newCount = page.getElementById("checkin-count");
    if (!newRow || !newCount) throw new Error("unexpected page");
    row.replaceWith(newRow);
    document.getElementById("checkin-count").textContent = newCount.textContent;
    newRow.querySelector("button").focus();
  }

  root.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.matches("[data-checkin-toggle]")) return;
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    submit(form).catch(function () {
      form.submit(); // the plain POST, which always works
    });
  });
})();
