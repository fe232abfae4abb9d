// Under every file input, the files chosen, each with its size, in the page's number format: a phone's
// own file input shows only "2 files". Without JavaScript the browser's own display remains.
(function () {
  "use strict";

  var language = document.documentElement.lang || "vi";
  var number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });

  function size(bytes) {
    if (bytes < 1024 * 1024) {
      return number.format(Math.max(bytes / 1024, 0.1)) + " KB";
    }
    return number.format(bytes / (1024 * 1024)) + " MB";
  }

  function listChosen(input) {
    var list = document.createElement("ul");
    list.className = "chosen-files";
    list.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", list);
    input.addEventListener("change", function () {
      list.textContent = "";
      Array.prototype.forEach.call(input.files, function (file) {
        var item = document.createElement("li");
        var name = document.createElement("span");
        var bytes = document.createElement("span");
        name.textContent = file.name + " ";
        bytes.className = "chosen-files__size";
        bytes.textContent = "(" + size(file.size) + ")";
        item.appendChild(name);
        item.appendChild(bytes);
        list.appendChild(item);
      });
    });
  }

  document.querySelectorAll('input[type="file"]').forEach(listChosen);
})();
