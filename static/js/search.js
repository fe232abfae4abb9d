// Search boxes (the solutions bank's and the header's): suggestions as the visitor types, and
// sorting on change. A suggested province leads straight to its initiatives; a suggested title
// is searched for.
(function () {
  "use strict";

  function suggestAsTyped(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list || !window.fetch) {
      return;
    }
    var timer = null;
    var lastAsked = "";
    var places = {};
    input.addEventListener("input", function () {
      if (Object.prototype.hasOwnProperty.call(places, input.value)) {
        window.location.href = places[input.value];
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = input.value;
        if (text.trim().length < 2 || text === lastAsked) {
          return;
        }
        lastAsked = text;
        var url = input.dataset.suggestionsUrl + "?q=" + encodeURIComponent(text);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            if (input.value !== text) {
              return;
            }
            places = {};
            list.replaceChildren.apply(list, (data.suggestions || []).map(function (suggestion) {
              var option = document.createElement("option");
              option.value = suggestion.title;
              if (suggestion.kind === "place") {
                places[suggestion.title] = suggestion.url;
              }
              return option;
            }));
          })
          .catch(function () { /* suggestions are a convenience: the search itself still works */ });
      }, 200);
    });
  }

  document.querySelectorAll("input[data-suggestions-url][list]").forEach(suggestAsTyped);

  var sort = document.querySelector("[data-submit-on-change]");
  if (sort) {
    sort.form.querySelector(".search-form__sort-apply").hidden = true;
    sort.addEventListener("change", function () { sort.form.submit(); });
  }
})();
