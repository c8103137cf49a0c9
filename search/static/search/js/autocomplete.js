/* Search suggestions: progressive enhancement of a search input with a <datalist>.
   Without JavaScript the form works the same, only without suggestions. */
(function () {
  "use strict";
  function enhance(input) {
    if (input.dataset.autocompleteReady) { return; }
    input.dataset.autocompleteReady = "1";
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.dataset.autocompleteUrl;
    var timer = null;
    var last = "";
    if (!list || !url) { return; }
    input.addEventListener("input", function () {
      var query = input.value.trim();
      window.clearTimeout(timer);
      if (query.length < 2 || query === last) { return; }
      timer = window.setTimeout(function () {
        last = query;
        fetch(url + "?q=" + encodeURIComponent(query), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            list.textContent = "";
            (data.suggestions || []).forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;  /* textContent/value: never parsed as HTML */
              option.label = item.kind;
              list.appendChild(option);
            });
          })
          .catch(function () { list.textContent = ""; });
      }, 200);
    });
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-autocomplete-url]"), enhance);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
