/* Filters for catalog tables marked data-cc-filterable: by producer, consumer and version state.

   The choices are read from the rows' data attributes (state labels from the table's data-cc-states), so the
   script knows nothing of the corpus. The filter lives in the URL query (?producer=&consumer=&state=), so a
   filtered list can be shared, and the selects and rows are set from the URL whenever the page is shown:
   first load, Back (bfcache `pageshow`, `popstate`) and Material's instant navigation (`document$`). */
(function () {
  "use strict";

  var FIELDS = ["producer", "consumer", "state"];

  function choices(rows, attribute) {
    var seen = {};
    rows.forEach(function (row) {
      (row.getAttribute(attribute) || "").split(" ").forEach(function (v) { if (v) { seen[v] = true; } });
    });
    return Object.keys(seen).sort();
  }

  function select(label, name, values, labels) {
    var wrapper = document.createElement("label");
    wrapper.className = "cc-filter__field";
    wrapper.appendChild(document.createTextNode(label + " "));
    var element = document.createElement("select");
    element.name = name;
    element.autocomplete = "off";  // the URL, not the browser's form memory, says what is selected
    [""].concat(values).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value ? (labels[value] || value) : "any";
      element.appendChild(option);
    });
    wrapper.appendChild(element);
    return element;
  }

  function install(table) {
    if (table.hasAttribute("data-cc-filter-ready")) { return; }
    table.setAttribute("data-cc-filter-ready", "");
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var stateLabels = JSON.parse(table.getAttribute("data-cc-states") || "{}");
    var stateValues = Object.keys(stateLabels).filter(function (s) { return choices(rows, "data-states").indexOf(s) !== -1; });
    var form = document.createElement("form");
    form.className = "cc-filter";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the table");
    var selects = {
      producer: select("Producer", "producer", choices(rows, "data-producer"), {}),
      consumer: select("Consumer", "consumer", choices(rows, "data-consumers"), {}),
      state: select("Versions", "state", stateValues, stateLabels)
    };
    var count = document.createElement("output");
    count.className = "cc-filter__count";
    count.setAttribute("aria-live", "polite");
    FIELDS.forEach(function (name) { form.appendChild(selects[name].parentNode); });
    form.appendChild(count);

    function has(row, attribute, value) {
      return !value || (row.getAttribute(attribute) || "").split(" ").indexOf(value) !== -1;
    }

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var match = has(row, "data-producer", selects.producer.value) &&
          has(row, "data-consumers", selects.consumer.value) &&
          has(row, "data-states", selects.state.value);
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      count.textContent = shown + " of " + rows.length + " shown";
    }

    function fromUrl() {
      if (!table.isConnected) { return; }  // a page instant navigation has replaced
      var query = new URLSearchParams(window.location.search);
      FIELDS.forEach(function (name) {
        var wanted = query.get(name) || "";
        var known = Array.prototype.some.call(selects[name].options, function (o) { return o.value === wanted; });
        selects[name].value = known ? wanted : "";
      });
      apply();
    }

    function toUrl() {
      var query = new URLSearchParams(window.location.search);
      FIELDS.forEach(function (name) {
        if (selects[name].value) { query.set(name, selects[name].value); } else { query.delete(name); }
      });
      var search = query.toString();
      // replaceState keeps Material's instant navigation history intact; Back leaves the page, then restores it.
      window.history.replaceState(window.history.state, "",
        window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    form.addEventListener("change", function () { toUrl(); apply(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("pageshow", fromUrl);
    window.addEventListener("popstate", fromUrl);
    table.parentNode.insertBefore(form, table);
    fromUrl();
  }

  function init() {
    document.querySelectorAll("table[data-cc-filterable]").forEach(install);
  }

  // With navigation.instant Material swaps pages without DOMContentLoaded and announces each on document$.
  if (typeof window.document$ !== "undefined" && window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
