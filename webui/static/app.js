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
// --- page viewer (issue 14): zoom and pan, full width, resolution, j/k hits, the thumbnail
// strip, an area of the page for a note, the citation's format. Progressive only: without
// this file the page shows the image at its width, links for pages and hits, one citation.
(function () {
  "use strict";

  var ZOOM_KEY = "foia.viewer.zoom";
  var FULL_WIDTH_KEY = "foia.viewer.fullWidth";
  var CSS_PIXELS_PER_POINT = 96 / 72;  // 100%: a PDF point is 1/72 inch, a CSS pixel 1/96
  var MIN_AREA = 0.005;  // a drag smaller than this fraction of the page is a click

  function recall(key) {
    try { return window.localStorage.getItem(key); } catch (error) { return null; }
  }

  function remember(key, value) {
    try { window.localStorage.setItem(key, value); } catch (error) { /* private mode */ }
  }

  function isTyping() {
    var active = document.activeElement;
    return !!active && (/^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) || active.isContentEditable);
  }

  function press(buttons, isPressed) {
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", isPressed(button) ? "true" : "false");
    });
  }

  // Zoom (fit width, 100%, 200%), full width, pan by dragging, and the image fetched again at
  // the resolution the shown size needs (one of the server's few).
  function zoomAndPan() {
    var toolbar = document.querySelector("[data-viewer-toolbar]");
    var wrap = document.querySelector(".page-image-wrap[data-page-width]");
    var image = wrap && wrap.querySelector("img.page-image");
    if (!toolbar || !image) { return null; }
    var viewport = wrap.parentNode;
    var pageWidth = parseFloat(wrap.getAttribute("data-page-width")) || 612;
    var dpis = wrap.getAttribute("data-dpis").split(",").map(Number);
    var imageUrl = image.getAttribute("src").split("?")[0];
    var zoomButtons = Array.prototype.slice.call(toolbar.querySelectorAll("[data-zoom]"));
    var fullButton = toolbar.querySelector("[data-full-width]");
    var state = { zoom: "fit", drawing: false };
    toolbar.hidden = false;

    function loadResolution() {
      var shown = wrap.getBoundingClientRect().width * (window.devicePixelRatio || 1);
      var needed = shown / (pageWidth / 72);
      var dpi = dpis[dpis.length - 1];
      for (var i = 0; i < dpis.length; i++) { if (dpis[i] >= needed) { dpi = dpis[i]; break; } }
      var current = Number(image.getAttribute("data-dpi") || dpis[0]);
      if (dpi > current) {  // never a blurrier one: the sharper image is here already
        image.setAttribute("data-dpi", String(dpi));
        image.src = imageUrl + "?dpi=" + dpi;
      }
    }

    function zoomTo(choice) {
      state.zoom = choice;
      if (choice === "fit") {
        wrap.style.width = "";
        viewport.classList.remove("is-zoomed");
      } else {
        var border = wrap.offsetWidth - wrap.clientWidth;  // the frame is not the page
        wrap.style.width = Math.round(pageWidth * CSS_PIXELS_PER_POINT * Number(choice)) + border + "px";
        viewport.classList.add("is-zoomed");
      }
      press(zoomButtons, function (button) { return button.getAttribute("data-zoom") === choice; });
      loadResolution();
    }

    function fullWidth(isOn) {
      document.body.classList.toggle("is-full-width", isOn);
      if (fullButton) { fullButton.setAttribute("aria-pressed", isOn ? "true" : "false"); }
      zoomTo(state.zoom);
    }

    zoomButtons.forEach(function (button) {
      button.addEventListener("click", function () {
        zoomTo(button.getAttribute("data-zoom"));
        remember(ZOOM_KEY, state.zoom);
      });
    });
    if (fullButton) {
      fullButton.addEventListener("click", function () {
        var isOn = !document.body.classList.contains("is-full-width");
        fullWidth(isOn);
        remember(FULL_WIDTH_KEY, isOn ? "1" : "0");
      });
    }

    var drag = null;
    viewport.addEventListener("pointerdown", function (event) {
      if (state.drawing || event.button !== 0 || event.pointerType === "touch") { return; }
      if (!viewport.classList.contains("is-zoomed")) { return; }
      drag = { x: event.clientX, y: event.clientY, left: viewport.scrollLeft, top: viewport.scrollTop };
      viewport.setPointerCapture(event.pointerId);
      viewport.classList.add("is-panning");
      event.preventDefault();
    });
    viewport.addEventListener("pointermove", function (event) {
      if (!drag) { return; }
      viewport.scrollLeft = drag.left - (event.clientX - drag.x);
      viewport.scrollTop = drag.top - (event.clientY - drag.y);
    });
    function endDrag() { drag = null; viewport.classList.remove("is-panning"); }
    viewport.addEventListener("pointerup", endDrag);
    viewport.addEventListener("pointercancel", endDrag);
    window.addEventListener("resize", function () { loadResolution(); });

    var savedZoom = recall(ZOOM_KEY);
    state.zoom = ["fit", "1", "2"].indexOf(savedZoom) >= 0 ? savedZoom : "fit";
    fullWidth(recall(FULL_WIDTH_KEY) === "1");
    return { wrap: wrap, viewport: viewport, toolbar: toolbar, state: state };
  }

  // Staff: "Mark an area for a note", then a drag on the page image, fills the note form's
  // area (fractions of the page) and outlines it until the note is added or the area cleared.
  function areaForNote(viewer) {
    var button = viewer && viewer.toolbar.querySelector("[data-draw-area]");
    var field = document.getElementById("note-region");
    var status = document.querySelector("[data-region-status]");
    var noteText = document.getElementById("note-text");
    if (!button || !field || !status || !noteText) { return; }
    var wrap = viewer.wrap;
    var draft = null;
    var start = null;

    function drawing(isOn) {
      viewer.state.drawing = isOn;
      button.setAttribute("aria-pressed", isOn ? "true" : "false");
      viewer.viewport.classList.toggle("is-drawing", isOn);
    }

    function pointAt(event) {
      var frame = wrap.getBoundingClientRect();
      return {
        x: Math.min(Math.max((event.clientX - frame.left) / frame.width, 0), 1),
        y: Math.min(Math.max((event.clientY - frame.top) / frame.height, 0), 1)
      };
    }

    function area(end) {
      return {
        x: Math.min(start.x, end.x), y: Math.min(start.y, end.y),
        width: Math.abs(end.x - start.x), height: Math.abs(end.y - start.y)
      };
    }

    function outline(box) {
      if (!draft) {
        draft = document.createElement("div");
        draft.className = "area-draft";
        wrap.appendChild(draft);
      }
      draft.style.left = (box.x * 100) + "%";
      draft.style.top = (box.y * 100) + "%";
      draft.style.width = (box.width * 100) + "%";
      draft.style.height = (box.height * 100) + "%";
    }

    function clear() {
      field.value = "";
      status.hidden = true;
      if (draft) { draft.remove(); draft = null; }
    }

    button.addEventListener("click", function () { drawing(!viewer.state.drawing); });
    wrap.addEventListener("pointerdown", function (event) {
      if (!viewer.state.drawing || event.button !== 0) { return; }
      start = pointAt(event);
      wrap.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    wrap.addEventListener("pointermove", function (event) {
      if (start) { outline(area(pointAt(event))); }
    });
    wrap.addEventListener("pointerup", function (event) {
      if (!start) { return; }
      var box = area(pointAt(event));
      start = null;
      if (box.width < MIN_AREA || box.height < MIN_AREA) { clear(); return; }
      outline(box);
      field.value = [box.x, box.y, box.width, box.height].map(function (v) { return v.toFixed(5); }).join(",");
      status.hidden = false;
      drawing(false);
      noteText.focus({ preventScroll: true });
      noteText.scrollIntoView({ block: "center" });
    });
    status.querySelector("[data-region-clear]").addEventListener("click", clear);
  }

  // j / k: the next or previous hit of the page's text, then of the next or previous page.
  function hitKeys() {
    var marks = Array.prototype.slice.call(document.querySelectorAll(".page-view .page-text mark"));
    var next = document.querySelector("a.hit-nav[data-key='n']");
    var previous = document.querySelector("a.hit-nav[data-key='p']");
    if (!next && !previous) { return; }
    var index = -1;

    function show(at) {
      if (index >= 0) { marks[index].classList.remove("is-current"); }
      index = at;
      marks[index].classList.add("is-current");
      marks[index].scrollIntoView({ block: "center" });
    }

    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || isTyping()) { return; }
      if (event.key === "j") {
        event.preventDefault();
        if (index + 1 < marks.length) { show(index + 1); } else if (next) { next.click(); }
      } else if (event.key === "k") {
        event.preventDefault();
        if (index > 0) { show(index - 1); } else if (previous) { previous.click(); }
      }
    });
  }

  // The thumbnail strip scrolls to the page shown.
  function thumbnailStrip() {
    var strip = document.querySelector("[data-thumb-strip]");
    var current = strip && strip.querySelector(".thumb.is-current");
    if (!current) { return; }
    var item = current.parentNode;
    strip.scrollLeft = item.offsetLeft - (strip.clientWidth - item.offsetWidth) / 2;
  }

  // The citation's format switcher shows the chosen format without a reload.
  function citationFormats() {
    var select = document.querySelector("select[data-cite-switch]");
    var text = document.getElementById("citation-text");
    if (!select || !text) { return; }
    var apply = document.querySelector("[data-cite-apply]");
    if (apply) { apply.hidden = true; }
    select.addEventListener("change", function () {
      var source = document.querySelector("template[data-citation='" + select.value + "']");
      if (!source) { return; }
      text.value = source.content.textContent;
      text.rows = Math.min(text.value.split("\n").length + 1, 12);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    areaForNote(zoomAndPan());
    hitKeys();
    thumbnailStrip();
    citationFormats();
  });
})();
// --- /page viewer ---
