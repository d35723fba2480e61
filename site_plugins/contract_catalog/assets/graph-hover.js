// Hovering or focusing a node of a graph lights its edges (classes styled in fit.css). Listeners sit on the
// document, so pages loaded by Material's instant navigation need nothing more.
(function () {
  function light(event, on) {
    var node = event.target.closest && event.target.closest(".cc-graph__node[data-node]");
    if (!node) return;
    var svg = node.closest("svg");
    svg.classList.toggle("cc-graph__svg--lit", on);
    var edges = svg.querySelectorAll('.cc-graph__edge[data-ends~="' + node.getAttribute("data-node") + '"]');
    edges.forEach(function (edge) { edge.classList.toggle("cc-graph__edge--lit", on); });
  }
  document.addEventListener("pointerover", function (e) { light(e, true); });
  document.addEventListener("pointerout", function (e) { light(e, false); });
  document.addEventListener("focusin", function (e) { light(e, true); });
  document.addEventListener("focusout", function (e) { light(e, false); });
})();
