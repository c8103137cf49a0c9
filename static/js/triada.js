/* Progressive enhancement only: every page reads fine without this file. */
(function () {
  "use strict";
  document.documentElement.classList.replace("no-js", "js");
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      var holder = button.closest("[hidden]");
      if (holder) { holder.hidden = false; }
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    // A form came back with errors: move the focus to their summary, which links to each field.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });
})();
