// foia-search: progressive enhancement only. Every page works without this file.
(function () {
  "use strict";

  // An HTML fragment of our own server (every document text in it escaped there): a promise
  // of its text, refused on an HTTP error.
  function fetchFragment(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      });
  }

  // Document view: pages not rendered by the server load as they come near the screen.
  function loadPage(section) {
    var url = section.getAttribute("data-fragment");
    if (!url || section.getAttribute("data-loading")) { return; }
    section.setAttribute("data-loading", "1");
    fetchFragment(url)
      .then(function (html) {
        section.innerHTML = html;
        section.classList.remove("is-stub");
        section.removeAttribute("data-fragment");
      })
      .catch(function () { section.removeAttribute("data-loading"); });
  }

  function lazyPages() {
    var stubs = document.querySelectorAll("[data-fragment]");
    if (!stubs.length) { return; }
    if (!("IntersectionObserver" in window)) { return; }  // the stubs stay links
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          loadPage(entry.target);
        }
      });
    }, { rootMargin: "800px 0px" });
    stubs.forEach(function (stub) { observer.observe(stub); });
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.hasAttribute("data-fragment")) { loadPage(target); }
  }

  // Changing the sort order applies it at once (the Apply button stays for no-JS use).
  function autosubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () {
        if (select.form) {
          if (select.form.requestSubmit) { select.form.requestSubmit(); } else { select.form.submit(); }
        }
      });
    });
  }

  // Page view: arrow keys turn pages, n / p jump between hits.
  function shortcuts() {
    var links = {};
    document.querySelectorAll("a[data-key]").forEach(function (link) {
      links[link.getAttribute("data-key")] = link;
    });
    if (!Object.keys(links).length) { return; }
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      var active = document.activeElement;
      if (active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) { return; }
      var link = links[event.key];
      if (link) { event.preventDefault(); link.click(); }
    });
  }

  function selectPermalink() {
    document.querySelectorAll("input.permalink").forEach(function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
  }

  // Investigator tools (issue 6): "More like this" loads into its block.
  function similarBlocks() {
    document.querySelectorAll("[data-similar]").forEach(function (block) {
      var body = block.querySelector(".similar-body");
      var url = block.getAttribute("data-similar");
      if (!body || !url) { return; }
      block.setAttribute("aria-busy", "true");
      fetchFragment(url)
        .then(function (html) {
          body.innerHTML = html;
          block.classList.add("is-loaded");
        })
        .catch(function () { /* the link to the full list stays */ })
        .then(function () { block.removeAttribute("aria-busy"); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    lazyPages();
    autosubmit();
    shortcuts();
    selectPermalink();
    similarBlocks();
  });
})();

// --- staff (issue 4): copy citation, quote a selection into a note. Progressive only. ---
(function () {
  "use strict";

  // "Copy citation": copies the full citation of the page view to the clipboard.
  function copyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) { return; }
      var status = button.parentNode.querySelector(".copy-status");
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = source.value || source.textContent;
        var done = function () { if (status) { status.textContent = "Copied."; } };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { selectAndCopy(source, done); });
        } else {
          selectAndCopy(source, done);
        }
      });
    });
  }

  function selectAndCopy(source, done) {
    source.focus();
    source.select();
    try { if (document.execCommand("copy")) { done(); } } catch (error) { /* left selected */ }
  }

  // Notes: text selected on the page fills the note's "quoted passage".
  function quoteSelection() {
    var quote = document.getElementById("note-quote");
    var text = document.querySelector(".page-text");
    if (!quote || !text) { return; }
    text.addEventListener("mouseup", function () {
      var selected = String(window.getSelection() || "").trim();
      if (selected) { quote.value = selected.slice(0, 2000); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    copyButtons();
    quoteSelection();
  });
})();
// --- /staff ---

// --- batch search (issue 12): a batch running in the background shows how far it got. ---
// Progressive only: without this file the page has a Refresh link.
(function () {
  "use strict";

  var POLL_MS = 1000;
  var RETRY_MS = 5000;

  function thousands(number) {
    return Number(number || 0).toLocaleString("en-US");
  }

  function show(section, status) {
    var text = section.querySelector(".batch-progress-text");
    var bar = section.querySelector(".batch-progress-bar");
    if (bar && status.total) {
      bar.max = status.total;
      bar.value = status.done;
    }
    if (text) {
      text.textContent = status.state === "queued"
        ? "Waiting for its turn: another batch is running."
        : thousands(status.done) + " of " + thousands(status.total) + " lines run.";
    }
  }

  function poll(section) {
    var url = section.getAttribute("data-batch-status");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (status) {
        if (status.state === "done" || status.state === "failed") {
          location.reload();  // the server renders the summary, or why it failed
          return;
        }
        show(section, status);
        setTimeout(function () { poll(section); }, POLL_MS);
      })
      .catch(function () { setTimeout(function () { poll(section); }, RETRY_MS); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.querySelector("[data-batch-status]");
    if (section && window.fetch) { setTimeout(function () { poll(section); }, POLL_MS); }
  });
})();
// --- /batch search ---

// --- issue 14 (first run): times in the reader's zone, search URLs without empty fields. ---
(function () {
  "use strict";

  // <time datetime="…Z"> written by the server in UTC: shown in the reader's own time zone.
  function localTimes() {
    document.querySelectorAll("time.timestamp[datetime]").forEach(function (element) {
      var moment = new Date(element.getAttribute("datetime"));
      if (isNaN(moment.getTime())) { return; }
      element.title = element.textContent;  // the UTC text stays at hand
      element.textContent = moment.toLocaleString(undefined, {
        day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit"
      });
    });
  }

  // A search form sends only what was filled in: no "from=&to=", no default sort.
  function tidySearchForms() {
    document.querySelectorAll("form[role=search]").forEach(function (form) {
      form.addEventListener("submit", function () {
        var left = [];
        Array.prototype.forEach.call(form.elements, function (field) {
          if (!field.name || field.disabled || field.type === "submit") { return; }
          var isDefaultSort = field.name === "sort" && field.value === "relevance";
          if (field.value === "" || isDefaultSort) { field.disabled = true; left.push(field); }
        });
        // Enabled again (after the form was read) for the back button, which shows this form.
        setTimeout(function () {
          left.forEach(function (field) { field.disabled = false; });
        }, 0);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    localTimes();
    tidySearchForms();
  });
})();
// --- /issue 14 ---
