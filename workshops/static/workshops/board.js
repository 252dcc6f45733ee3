/* The ateliers' board: drag a person to another atelier of the same time of
   the day with SortableJS; the move is posted by the hidden #board-move-form
   (htmx swaps #board). The "Move to" select and button beside each person are
   the keyboard alternative and post to the same endpoint. */
(function () {
  "use strict";

  function init() {
    if (typeof Sortable === "undefined") {
      return;
    }
    document.querySelectorAll(".board-list").forEach(function (list) {
      if (list.dataset.sortable === "on") {
        return;
      }
      list.dataset.sortable = "on";
      Sortable.create(list, {
        group: "slot-" + list.dataset.slot,
        handle: ".drag-handle",
        filter: ".board-locked, .board-empty",
        animation: 150,
        forceFallback: true,
        onAdd: function (event) {
          var form = document.getElementById("board-move-form");
          form.querySelector("input[name=place]").value = event.item.dataset.place;
          form.querySelector("input[name=session]").value = event.to.dataset.session;
          form.requestSubmit();
        }
      });
    });
  }

  init();
  document.body.addEventListener("htmx:afterSettle", init);
})();
