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
  });
})();
