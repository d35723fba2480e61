/* Filters for catalog tables marked data-cc-filterable: by producer, consumer and status.
   The choices are read from the rows' data attributes, so the script knows nothing of the corpus. */
(function () {
  "use strict";

  function choices(rows, attribute, split) {
    var seen = {};
    rows.forEach(function (row) {
      var value = row.getAttribute(attribute) || "";
      (split ? value.split(" ") : [value]).forEach(function (v) { if (v) { seen[v] = true; } });
    });
    return Object.keys(seen).sort();
  }

  function select(label, name, values) {
    var wrapper = document.createElement("label");
    wrapper.className = "cc-filter__field";
    wrapper.appendChild(document.createTextNode(label + " "));
    var element = document.createElement("select");
    element.name = name;
    var any = document.createElement("option");
    any.value = "";
    any.textContent = "any";
    element.appendChild(any);
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      element.appendChild(option);
    });
    wrapper.appendChild(element);
    return { wrapper: wrapper, element: element };
  }

  function install(table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var form = document.createElement("form");
    form.className = "cc-filter";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the table");
    var producer = select("Producer", "producer", choices(rows, "data-producer", false));
    var consumer = select("Consumer", "consumer", choices(rows, "data-consumers", true));
    var status = select("Status", "status", choices(rows, "data-status", false));
    var count = document.createElement("output");
    count.className = "cc-filter__count";
    [producer, consumer, status].forEach(function (s) { form.appendChild(s.wrapper); });
    form.appendChild(count);

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var consumers = (row.getAttribute("data-consumers") || "").split(" ");
        var match =
          (!producer.element.value || row.getAttribute("data-producer") === producer.element.value) &&
          (!consumer.element.value || consumers.indexOf(consumer.element.value) !== -1) &&
          (!status.element.value || row.getAttribute("data-status") === status.element.value);
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      count.textContent = shown + " of " + rows.length + " shown";
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    table.parentNode.insertBefore(form, table);
    apply();
  }

  function init() {
    document.querySelectorAll("table[data-cc-filterable]").forEach(install);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
