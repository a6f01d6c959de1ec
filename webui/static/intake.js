/* The ingest pages (issue 15): files dropped on the form's zone go into its file input, and
   an upload's page follows its ingest (files, pages, OCR pages, errors) until it is done,
   then reloads to show what was added, updated and failed. */
(function () {
  "use strict";
  var POLL_MS = 500;
  var RETRY_MS = 2000;

  function listNames(zone, files) {
    var list = zone.querySelector("[data-drop-list]");
    if (!list) { return; }
    list.textContent = "";
    Array.prototype.forEach.call(files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name;
      list.appendChild(item);
    });
  }

  function setUpDropZone(zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input) { return; }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("is-dragging");
      });
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("is-dragging"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("is-dragging");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        listNames(zone, input.files);
      }
    });
    input.addEventListener("change", function () { listNames(zone, input.files); });
  }

  function show(section, status) {
    var text = section.querySelector(".intake-progress-text");
    var bar = section.querySelector(".intake-progress-bar");
    var errors = section.querySelector(".intake-errors");
    if (bar) {
      bar.max = status.files_total || 1;
      bar.value = status.files_done;
    }
    if (text) {
      if (status.state === "queued") {
        text.textContent = "Waiting for its turn" + (status.position
          ? ": " + status.position + " upload" + (status.position === 1 ? "" : "s") + " ahead."
          : (status.waiting_for ? ": " + status.waiting_for + "." : "."));
      } else {
        text.textContent = status.files_done + " of " + status.files_total + " files, "
          + status.pages + " pages, " + status.ocr_pages + " read by OCR"
          + (status.current ? "; last: " + status.current : "") + ".";
      }
    }
    if (errors) {
      errors.textContent = "";
      status.errors.forEach(function (item) {
        var line = document.createElement("li");
        var name = document.createElement("strong");
        name.textContent = item.file;
        line.appendChild(name);
        line.appendChild(document.createTextNode(": " + item.error));
        errors.appendChild(line);
      });
    }
  }

  function poll(section) {
    var url = section.getAttribute("data-intake-status");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (status) {
        show(section, status);
        if (status.state === "done" || status.state === "failed") {
          location.reload();  // the server renders the result, or why it failed
          return;
        }
        setTimeout(function () { poll(section); }, POLL_MS);
      })
      .catch(function () { setTimeout(function () { poll(section); }, RETRY_MS); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-drop-zone]").forEach(setUpDropZone);
    document.querySelectorAll("[data-intake-status]").forEach(poll);
  });
}());
