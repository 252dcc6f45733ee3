// The plenary restitution: one synthesis a slide. Keyboard (what remote
// clickers send: arrows, PageDown/PageUp, space) and buttons move between them.
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".restitution-slide"));
  if (!slides.length) { return; }
  var position = document.getElementById("slide-position");
  var previous = document.getElementById("slide-previous");
  var next = document.getElementById("slide-next");
  var fullscreen = document.getElementById("slide-fullscreen");
  var current = 0;

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) { slide.hidden = i !== current; });
    position.textContent = (current + 1) + " / " + slides.length;
    previous.disabled = current === 0;
    next.disabled = current === slides.length - 1;
    if (window.location.hash !== "#slide-" + (current + 1)) {
      history.replaceState(null, "", "#slide-" + (current + 1));
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target && (target.tagName === "BUTTON" || target.tagName === "A") &&
        (event.key === " " || event.key === "Enter")) {
      return;  // a focused button or link does what it says
    }
    switch (event.key) {
      case "ArrowRight": case "PageDown": case " ": case "ArrowDown":
        show(current + 1); break;
      case "ArrowLeft": case "PageUp": case "ArrowUp":
        show(current - 1); break;
      case "Home": show(0); break;
      case "End": show(slides.length - 1); break;
      default: return;
    }
    event.preventDefault();
  });
  previous.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });
  if (fullscreen) {
    if (!document.documentElement.requestFullscreen) {
      fullscreen.hidden = true;
    }
    fullscreen.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        document.documentElement.requestFullscreen();
      }
    });
  }
  var start = /^#slide-(\d+)$/.exec(window.location.hash);
  show(start ? parseInt(start[1], 10) - 1 : 0);
})();
