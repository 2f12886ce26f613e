// The search box in the header. The build writes one record per page to
// search/documents.js; on the first focus of the box or the first key typed
// in it, that script and MiniSearch (minisearch.js) are loaded and the
// records indexed, here in the browser. Results can be filtered by level,
// status, team, owner and year. Without JavaScript the box is simply absent.
"use strict";
(function () {
  var box = document.getElementById("search");
  if (!box) {
    return;
  }
  var base = box.dataset.base;
  var SHOWN = 50;
  var STATUSES = ["draft", "proposed", "planned", "active", "done", "dropped"];

  box.innerHTML =
    '<form role="search" class="search-form">' +
    '<label for="search-input" class="visually-hidden">Search the plans</label>' +
    '<input id="search-input" type="search" placeholder="Search the plans"' +
    ' autocomplete="off" spellcheck="false" aria-keyshortcuts="/"' +
    ' aria-controls="search-panel"></form>' +
    '<p class="visually-hidden" role="status" aria-live="polite"></p>' +
    '<div id="search-panel" class="search-panel" hidden>' +
    '<div class="search-filters"></div>' +
    '<p class="search-count" aria-hidden="true"></p>' +
    '<ol class="search-results"></ol></div>';
  var form = box.querySelector("form");
  var input = box.querySelector("input");
  var announced = box.querySelector("[role=status]");
  var panel = box.querySelector(".search-panel");
  var filters = box.querySelector(".search-filters");
  var count = box.querySelector(".search-count");
  var list = box.querySelector(".search-results");
  var documents, index, loading, failed;
  // The filters offered, each with the values the records hold.
  var FILTERS = [
    { field: "level", label: "Level", all: "All levels", order: rank },
    { field: "status", label: "Status", all: "All statuses", order: order },
    { field: "team", label: "Team", all: "All teams" },
    { field: "owner", label: "Owner", all: "All owners" },
    { field: "year", label: "Year", all: "All years" },
  ];
  var selects = [];

  function script(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = function () {
        reject(new Error(src));
      };
      document.head.appendChild(tag);
    });
  }

  // Loads the records and MiniSearch once, and indexes the records.
  function load() {
    if (!loading) {
      loading = Promise.all([
        script(base + "minisearch.js"),
        script(base + "search/documents.js"),
      ]).then(build, function () {
        failed = true;
        run();
      });
    }
    return loading;
  }

  function build() {
    documents = window.strataSearch || [];
    documents.forEach(function (doc, i) {
      doc.id = i;
      // The year a plan's period or date starts in: `2026-Q3`, `2026-09-14`.
      var year = /\d{4}/.exec(doc.period || "");
      doc.year = year ? year[0] : undefined;
    });
    index = new MiniSearch({
      fields: ["title", "headings", "summary", "team", "owner"],
      extractField: function (doc, field) {
        var value = doc[field];
        return Array.isArray(value) ? value.join(" ") : value;
      },
      searchOptions: {
        boost: { title: 3, headings: 1.5 },
        prefix: true,
        fuzzy: function (term) {
          return term.length > 3 ? 0.2 : false;
        },
        combineWith: "AND",
      },
    });
    index.addAll(documents);
    selects = FILTERS.map(filter).filter(Boolean);
    run();
  }

  function rank(name) {
    var doc = documents.find(function (d) {
      return d.level === name;
    });
    return doc.rank;
  }

  function order(name) {
    var i = STATUSES.indexOf(name);
    return i < 0 ? STATUSES.length : i;
  }

  // A select of the values of the filter's field the records hold, in its
  // order (else alphabetical); none when no record has one.
  function filter(spec) {
    var field = spec.field;
    var values = [];
    documents.forEach(function (doc) {
      if (doc[field] && values.indexOf(doc[field]) < 0) {
        values.push(doc[field]);
      }
    });
    if (values.length === 0) {
      return null;
    }
    var compare = spec.order
      ? function (a, b) {
          return spec.order(a) - spec.order(b);
        }
      : function (a, b) {
          return a.localeCompare(b);
        };
    var wrap = document.createElement("label");
    wrap.textContent = spec.label + " ";
    var select = document.createElement("select");
    select.id = "search-" + field;
    select.dataset.field = field;
    [""].concat(values.sort(compare)).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value || spec.all;
      select.appendChild(option);
    });
    select.addEventListener("change", run);
    wrap.appendChild(select);
    filters.appendChild(wrap);
    return select;
  }

  function tell(text) {
    count.textContent = text;
    announced.textContent = text;
  }


  function run() {
    var query = input.value.trim();
    if (!query) {
      close();
      return;
    }
    panel.hidden = false;
    if (!index) {
      tell(
        failed
          ? "Search is unavailable: its files did not load."
          : "Loading the search index…"
      );
      return;
    }
    var wanted = selects.filter(function (select) {
      return select.value;
    });
    var hits = index.search(query, {
      filter: function (hit) {
        var doc = documents[hit.id];
        return wanted.every(function (select) {
          return doc[select.dataset.field] === select.value;
        });
      },
    });
    list.replaceChildren.apply(
      list,
      hits.slice(0, SHOWN).map(function (hit) {
        return result(documents[hit.id]);
      })
    );
    var filtered = wanted.length ? " (filtered)" : "";
    var found =
      hits.length === 0
        ? "No results"
        : hits.length === 1
          ? "1 result"
          : hits.length + " results";
    var shown = hits.length > SHOWN ? ", the first " + SHOWN + " shown" : "";
    tell(found + " for “" + query + "”" + filtered + shown);
  }

  function result(doc) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = base + doc.url.replace(/^\//, "");
    link.textContent = doc.title;
    item.appendChild(link);
    if (doc.level) {
      item.appendChild(document.createTextNode(" "));
      item.appendChild(tag("badge level-" + doc.rank, doc.level));
    }
    if (doc.status) {
      item.appendChild(document.createTextNode(" "));
      item.appendChild(tag("status status-" + doc.status, doc.status));
    }
    if (doc.summary) {
      var summary = document.createElement("p");
      summary.textContent =
        doc.summary.length > 160 ? doc.summary.slice(0, 159) + "…" : doc.summary;
      item.appendChild(summary);
    }
    return item;
  }

  function tag(className, text) {
    var span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    return span;
  }

  function close() {
    panel.hidden = true;
    list.replaceChildren();
    tell("");
  }

  function typing(target) {
    return (
      target.isContentEditable ||
      ["INPUT", "TEXTAREA", "SELECT"].indexOf(target.tagName) >= 0
    );
  }

  // Up and down move between the box and the results' links.
  function step(by) {
    var stops = [input].concat(Array.from(list.querySelectorAll("a")));
    var at = stops.indexOf(document.activeElement);
    var next = stops[at + by];
    if (at >= 0 && next) {
      next.focus();
      return true;
    }
    return false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  input.addEventListener("focus", function () {
    load();
    run();
  });
  input.addEventListener("input", function () {
    load();
    run();
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      input.value = "";
      close();
      input.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (step(event.key === "ArrowDown" ? 1 : -1)) {
        event.preventDefault();
      }
    }
  });
  document.addEventListener("keydown", function (event) {
    if (
      event.key === "/" &&
      !event.ctrlKey &&
      !event.metaKey &&
      !event.altKey &&
      !typing(event.target)
    ) {
      event.preventDefault();
      input.focus();
    }
  });
  // A click elsewhere closes the results; the query stays for later.
  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) {
      panel.hidden = true;
    }
  });
})();
