// Keep the keyboard focus on the moved item's button after an htmx swap.
(function () {
  let focusedId = null;
  document.body.addEventListener("htmx:beforeRequest", function () {
    focusedId = document.activeElement && document.activeElement.id;
  });
  document.body.addEventListener("htmx:afterSwap", function () {
    if (!focusedId) return;
    const again = document.getElementById(focusedId);
    if (again) {
      again.focus();
    } else {
      const builder = document.getElementById("builder");
      if (builder) builder.querySelector("button, a")?.focus();
    }
  });
})();
