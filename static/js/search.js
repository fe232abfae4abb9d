// The solutions bank's search box: titles suggested as the visitor types, and sorting on change.
(function () {
  "use strict";
  var input = document.getElementById("search-query");
  var list = document.getElementById("search-suggestions");
  if (input && list && window.fetch) {
    var timer = null;
    var lastAsked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = input.value.trim();
        if (text.length < 2 || text === lastAsked) {
          return;
        }
        lastAsked = text;
        var url = input.dataset.suggestionsUrl + "?q=" + encodeURIComponent(text);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            if (input.value.trim() !== text) {
              return;
            }
            list.replaceChildren.apply(list, data.suggestions.map(function (suggestion) {
              var option = document.createElement("option");
              option.value = suggestion.title;
              return option;
            }));
          })
          .catch(function () { /* suggestions are a convenience: the search itself still works */ });
      }, 200);
    });
  }
  var sort = document.querySelector("[data-submit-on-change]");
  if (sort) {
    sort.form.querySelector(".search-form__sort-apply").hidden = true;
    sort.addEventListener("change", function () { sort.form.submit(); });
  }
})();
