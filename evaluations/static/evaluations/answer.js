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
