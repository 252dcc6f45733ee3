// Progress bar while answering; the form works the same without it.
(function () {
  document.documentElement.classList.add("has-js");
  const form = document.getElementById("answer-form");
  const progress = document.getElementById("answer-progress");
  const errors = document.getElementById("form-errors");
  if (errors) errors.focus();
  if (!form || !progress) return;
  function update() {
    let answered = 0;
    form.querySelectorAll(".question").forEach(function (question) {
      const filled = Array.from(question.querySelectorAll("input, textarea, select")).some(
        function (input) {
          if (input.type === "radio" || input.type === "checkbox") return input.checked;
          return input.value.trim() !== "";
        }
      );
      if (filled) answered += 1;
    });
    progress.value = answered;
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();

// A live counter under each limited text answer (data-maxlength, set by the
// form): nothing is cut, the form refuses a longer answer next to the field.
(function () {
  document.querySelectorAll("[data-maxlength]").forEach(function (input) {
    const limit = parseInt(input.dataset.maxlength, 10);
    const counter = document.createElement("p");
    counter.className = "form-text answer-counter";
    counter.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", counter);
    const template = input.closest("form").dataset.counterText || "{count} / {limit}";
    function update() {
      const count = input.value.length;
      counter.textContent = template
        .replace("{count}", count.toLocaleString())
        .replace("{limit}", limit.toLocaleString());
      counter.classList.toggle("text-danger", count > limit);
    }
    input.addEventListener("input", update);
    update();
  });
})();
