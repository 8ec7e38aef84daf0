// The one-stop system's figure beside each field of the entry form it covers,
// with a button that submits that field's "accept" form (kept in the panel
// onestop/_report.html; the button names it with the form attribute).
document.querySelectorAll("[data-onestop-code]").forEach((row) => {
  const input = document.querySelector(`#report-form [data-code="${row.dataset.onestopCode}"]`);
  if (!input) return;
  const hint = document.createElement("div");
  hint.className = "form-text onestop-hint";
  hint.textContent = `${row.dataset.onestopLabel} ${row.dataset.onestopValue}`;
  if (row.dataset.onestopForm) {
    const button = document.createElement("button");
    button.type = "submit";
    button.className = "btn btn-link btn-sm py-0";
    button.setAttribute("form", row.dataset.onestopForm);
    button.textContent = row.dataset.onestopAccept;
    hint.append(" ", button);
  }
  input.insertAdjacentElement("afterend", hint);
});
