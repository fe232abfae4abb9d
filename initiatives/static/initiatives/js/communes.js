// Commune inputs (`CommuneField`): the communes and wards of the province chosen beside them, suggested
// in the input's datalist as the name is typed. Without this script the name is typed in full.
(function () {
  "use strict";

  function suggestCommunes(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var province = input.form && input.form.elements.namedItem(input.dataset.provinceField);
    if (!list || !province || !window.fetch) {
      return;
    }
    var timer = null;
    var lastAsked = "";

    function ask() {
      var text = input.value;
      var key = province.value + "\n" + text;
      if (!province.value || text.trim().length < 1 || key === lastAsked) {
        return;
      }
      lastAsked = key;
      var url = input.dataset.communesUrl + "?province=" + encodeURIComponent(province.value) +
        "&q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (input.value !== text) {
            return;
          }
          list.replaceChildren.apply(list, (data.results || []).map(function (commune) {
            var option = document.createElement("option");
            option.value = commune.label;
            return option;
          }));
        })
        .catch(function () { /* a convenience: the name typed in full is still accepted */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    province.addEventListener("change", function () {
      // The communes listed belonged to the province chosen before.
      list.replaceChildren();
      lastAsked = "";
    });
  }

  document.querySelectorAll("input[data-communes-url][data-province-field][list]").forEach(suggestCommunes);
})();
