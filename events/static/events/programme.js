/* Programme builder: drag and drop with SortableJS; the item dropped and
   the order shown are posted by the hidden #reorder-form (htmx swaps
   #programme); the server moves the item as the Up/Down buttons would.
   Those buttons are the keyboard alternative and work without this script. */
(function () {
  "use strict";

  function init() {
    var list = document.getElementById("programme-items");
    if (!list || list.dataset.sortable === "on" || typeof Sortable === "undefined") {
      return;
    }
    list.dataset.sortable = "on";
    Sortable.create(list, {
      handle: ".drag-handle",
      animation: 150,
      forceFallback: true,  // mouse and touch events: same behaviour everywhere
      onEnd: function (event) {
        if (event.oldIndex === event.newIndex) {
          return;
        }
        var ids = Array.prototype.map.call(
          list.querySelectorAll("[data-id]"),
          function (item) { return item.dataset.id; }
        );
        var form = document.getElementById("reorder-form");
        form.querySelector("input[name=item]").value = event.item.dataset.id;
        form.querySelector("input[name=order]").value = ids.join(",");
        form.requestSubmit();
      }
    });
  }

  // After an htmx swap, the focus goes back to the item just moved (or to
  // the speaker field just used): the server marks it with data-focus.
  function restoreFocus() {
    var target = document.querySelector("#programme [data-focus]");
    if (target) {
      target.removeAttribute("data-focus");  // once: later swaps leave focus alone
      target.focus();
    }
  }

  init();
  document.body.addEventListener("htmx:afterSettle", function () {
    init();
    restoreFocus();
  });
})();
