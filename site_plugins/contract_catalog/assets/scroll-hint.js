// A picture wider than its `.cc-scroll` box gets a line saying so (styled in fit.css): on a phone, the cut
// edge of a graph alone does not tell that the rest is a sideways scroll away. Runs on every page Material's
// instant navigation loads (document$), and again when the window is resized.
(function () {
  function mark() {
    document.querySelectorAll(".cc-scroll").forEach(function (box) {
      box.classList.toggle("cc-scroll--wider", box.scrollWidth > box.clientWidth + 1);
    });
  }
  if (window.document$) window.document$.subscribe(mark);
  else document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
})();
