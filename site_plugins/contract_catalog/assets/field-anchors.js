/* A link to a field inside a folded part of a payload table (#v2-customer.address.city) unfolds every
   <details> around it, on load and on every hash change, and scrolls it into view. Material's instant
   navigation swaps pages without a load event; its document$ observable says when a page is in. */
(function () {
  "use strict";

  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    var opened = false;
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) { node.open = true; opened = true; }
    }
    if (target.tagName === "DETAILS" && !target.open) { target.open = true; opened = true; }
    if (opened) { target.scrollIntoView(); }
  }

  window.addEventListener("hashchange", reveal);
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(reveal);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reveal);
  } else {
    reveal();
  }
})();
