// Asks before an irreversible action. A form with data-confirm="question" is sent only after the person
// presses the dialog's confirm button. A static file because the Content-Security-Policy forbids inline script.
(function () {
  var dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var message = document.getElementById("confirm-dialog-message");
  var pending = null;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-confirm]")) return;
    if (form.dataset.confirmed === "yes") {
      delete form.dataset.confirmed;
      return;
    }
    event.preventDefault();
    pending = { form: form, submitter: event.submitter || null };
    message.textContent = form.dataset.confirm;
    dialog.returnValue = "";
    dialog.showModal();
  });

  dialog.addEventListener("close", function () {
    var chosen = pending;
    pending = null;
    if (!chosen || dialog.returnValue !== "ok") return;
    chosen.form.dataset.confirmed = "yes";
    if (typeof chosen.form.requestSubmit === "function") {
      chosen.form.requestSubmit(chosen.submitter);
    } else {
      chosen.form.submit();
    }
  });
})();
