/* /fields/: the whole field list from fields.json, filterable by name, type, domain and status.
   The page's own HTML holds the first rows, so it reads without script; this replaces them with every row,
   drawn a page at a time so that 10,000 rows stay quick. Works with Material's instant navigation too. */
(function () {
  "use strict";
  var PAGE = 200;

  function text(tag, value, className) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    element.textContent = value;
    return element;
  }

  function code(value) { return text("code", value); }

  function link(href, child) {
    var a = document.createElement("a");
    a.href = href;
    a.appendChild(child);
    return a;
  }

  function choice(label, name, values) {
    var wrapper = text("label", label + " ", "cc-filter__field");
    var select = document.createElement("select");
    select.name = name;
    select.appendChild(text("option", "any"));
    select.firstChild.value = "";
    values.forEach(function (value) {
      var option = text("option", value);
      option.value = value;
      select.appendChild(option);
    });
    wrapper.appendChild(select);
    return { wrapper: wrapper, element: select };
  }

  function distinct(fields, key) {
    var seen = {};
    fields.forEach(function (f) { if (f[key]) { seen[f[key]] = true; } });
    return Object.keys(seen).sort();
  }

  function row(field, root) {
    var tr = document.createElement("tr");
    var cells = [];
    cells.push(field.page ? link(root + field.page, code(field.name)) : code(field.name));
    cells.push(link(root + field.url, code(field.path)));
    cells.push(code(field.type));
    cells.push(field.format ? code(field.format) : document.createTextNode(""));
    cells.push(document.createTextNode(field.required ? "required" : "optional"));
    var where = document.createElement("span");
    if (field.event) {
      where.appendChild(code(field.event));
      where.appendChild(document.createTextNode(" v" + field.version));
    } else {
      where.appendChild(document.createTextNode("envelope"));
    }
    cells.push(link(root + field.url, where));
    cells.push(document.createTextNode(field.domain || ""));
    cells.push(document.createTextNode(field.status || ""));
    cells.forEach(function (content) {
      var td = document.createElement("td");
      td.appendChild(content);
      tr.appendChild(td);
    });
    return tr;
  }

  function install(container, fields) {
    var root = container.getAttribute("data-cc-root") || "";
    var tbody = container.querySelector("tbody");
    var more = container.querySelector(".cc-fields-index__more");
    if (more) { more.hidden = true; }
    var form = document.createElement("form");
    form.className = "cc-filter";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the fields");
    var nameLabel = text("label", "Name or path ", "cc-filter__field");
    var name = document.createElement("input");
    name.type = "search";
    name.name = "name";
    name.placeholder = "person_id";
    nameLabel.appendChild(name);
    var type = choice("Type", "type", distinct(fields, "type"));
    var domain = choice("Domain", "domain", distinct(fields, "domain"));
    var status = choice("Status", "status", distinct(fields, "status"));
    var count = text("output", "", "cc-filter__count");
    [nameLabel, type.wrapper, domain.wrapper, status.wrapper, count].forEach(function (e) { form.appendChild(e); });
    var showMore = text("button", "Show more", "md-button cc-fields-index__next");
    showMore.type = "button";
    container.insertBefore(form, container.firstChild);
    container.appendChild(showMore);

    var matching = [];
    var shown = 0;
    var applied = null;  /* the filter last drawn: a text box fires "change" again on blur, mid-click on a row */

    function draw(upTo) {
      var fragment = document.createDocumentFragment();
      for (; shown < Math.min(upTo, matching.length); shown += 1) { fragment.appendChild(row(matching[shown], root)); }
      tbody.appendChild(fragment);
      count.textContent = shown + " of " + matching.length + " matching rows shown (" + fields.length + " in all)";
      showMore.hidden = shown >= matching.length;
    }

    function apply() {
      var wanted = name.value.trim().toLowerCase();
      var key = [wanted, type.element.value, domain.element.value, status.element.value].join("\u0000");
      if (key === applied) { return; }
      applied = key;
      matching = fields.filter(function (f) {
        return (!wanted || f.name.toLowerCase().indexOf(wanted) !== -1 || f.path.toLowerCase().indexOf(wanted) !== -1) &&
          (!type.element.value || f.type === type.element.value) &&
          (!domain.element.value || f.domain === domain.element.value) &&
          (!status.element.value || f.status === status.element.value);
      });
      tbody.textContent = "";
      shown = 0;
      draw(PAGE);
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    showMore.addEventListener("click", function () { draw(shown + PAGE); });
    apply();
  }

  /* fields.json 2.0 gives each field as an array of values in the order of data.columns. */
  function entries(data) {
    return data.fields.map(function (values) {
      var entry = {};
      data.columns.forEach(function (column, index) { entry[column] = values[index]; });
      return entry;
    });
  }

  function init() {
    document.querySelectorAll("[data-cc-fields]").forEach(function (container) {
      if (container.getAttribute("data-cc-ready")) { return; }
      container.setAttribute("data-cc-ready", "1");
      fetch(container.getAttribute("data-cc-fields"))
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (data) { install(container, entries(data)); })
        .catch(function () { container.removeAttribute("data-cc-ready"); });  /* the first rows stay usable */
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);  /* Material's instant navigation swaps pages without a new load */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
