// The organisation picker (partners/widgets.py): a click on a search result
// chooses it in the picker's <select>. Loaded once per picker; runs once.
(function () {
  if (window.maillageOrganisationPicker) {
    return;
  }
  window.maillageOrganisationPicker = true;
  document.addEventListener("click", function (event) {
    var choice = event.target.closest("[data-org-choice]");
    if (!choice) {
      return;
    }
    var picker = choice.closest("[data-org-picker]");
    var select = picker && picker.querySelector("select");
    if (!select) {
      return;
    }
    event.preventDefault();
    var value = choice.getAttribute("data-org-choice");
    var option = Array.prototype.find.call(select.options, function (o) {
      return o.value === value;
    });
    if (!select.multiple) {
      Array.prototype.slice.call(select.options).forEach(function (o) {
        if (o.value !== "" && o !== option) {
          o.remove();
        }
      });
    }
    if (!option) {
      option = new Option(choice.getAttribute("data-org-label"), value);
      select.add(option);
    }
    option.selected = true;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    var search = picker.querySelector("input[type=search]");
    var results = picker.querySelector(".org-picker-results");
    if (results) {
      results.innerHTML = "";
    }
    if (search) {
      search.value = "";
      search.focus();
    }
  });
})();
