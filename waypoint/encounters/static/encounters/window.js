// The window: steppers, "same as last time", focus after each step, and card scanning.
// Everything here is an enhancement: the page works as plain forms and links without it.
(function () {
  "use strict";

  function clamp(value, input) {
    var max = parseInt(input.getAttribute("max"), 10);
    if (isNaN(value) || value < 0) { return 0; }
    return !isNaN(max) && value > max ? max : value;
  }

  function setValue(input, value) {
    input.value = String(clamp(value, input));
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function byId(root, id) {
    return root.querySelector("#" + id);
  }

  // Show the naloxone refill question once naloxone is given, and the reversal report
  // once "used in an overdose" is chosen.
  function syncSections(form) {
    var refill = byId(form, "naloxone-refill");
    if (refill) {
      var given = Array.prototype.some.call(form.querySelectorAll("input[data-naloxone]"), function (input) {
        return parseInt(input.value, 10) > 0;
      });
      if (given) { refill.open = true; }
    }
    var report = byId(form, "reversal-report");
    if (report) {
      var used = form.querySelector("input[name=kit_outcome][value=used_overdose]");
      report.hidden = !(used && used.checked);
    }
    // The save bar names the site the visit is saved at, as chosen in "Where, when and how".
    var site = form.querySelector("select[name=site]"), siteName = form.querySelector("[data-visit-site]");
    if (site && siteName && site.selectedIndex >= 0) { siteName.textContent = site.options[site.selectedIndex].text; }
    var method = form.querySelector("input[name=collection_method]:checked");
    var current = method ? method.value : "";
    Array.prototype.forEach.call(form.querySelectorAll("[data-method]"), function (block) {
      block.hidden = block.getAttribute("data-method").split(" ").indexOf(current) === -1;
    });
  }

  function focusFor(form) {
    var target = null;
    switch (form.getAttribute("data-focus")) {
      case "save": target = byId(form, "save-visit"); break;
      case "first-item": target = form.querySelector(".quick-items input[type=number]"); break;
      case "errors": target = byId(form, "visit-errors"); break;
    }
    if (target) { target.focus(); }
  }

  function initForm(form) {
    if (!form || form.dataset.ready === "1") { return; }
    form.dataset.ready = "1";
    form.addEventListener("click", function (event) {
      var step = event.target.closest(".step");
      if (step) {
        var input = document.getElementById(step.getAttribute("aria-controls"));
        setValue(input, (parseInt(input.value, 10) || 0) + parseInt(step.getAttribute("data-step"), 10));
        return;
      }
      var same = event.target.closest("#same-as-last");
      if (same) {
        event.preventDefault();
        Array.prototype.forEach.call(form.querySelectorAll("input[data-last]"), function (input) {
          setValue(input, parseInt(input.getAttribute("data-last"), 10) || 0);
        });
        var more = form.querySelector(".more-items");
        if (more && form.querySelector(".more-items input[data-last]:not([data-last='0'])")) { more.open = true; }
        byId(form, "save-visit").focus();
      }
    });
    form.addEventListener("input", function () { syncSections(form); });
    form.addEventListener("change", function () { syncSections(form); });
    syncSections(form);
    focusFor(form);
  }

  function init(root) {
    initForm((root || document).querySelector("#visit-form"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    initScanner();
  });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });

  // Enter searches at once; the live search still waiting for its typing pause must not
  // come in afterwards with a result list over the participant Enter opened.
  document.addEventListener("submit", function (event) {
    if (event.target.id === "window-search") {
      var box = document.getElementById("window-q");
      box.setAttribute("data-submitted", box.value);
    }
  }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt.id === "window-q" && elt.getAttribute("data-submitted") === elt.value) {
      event.preventDefault();
    }
  });

  // Card scanning with the browser's own barcode detector, where it exists.
  function initScanner() {
    var button = document.getElementById("scan-card");
    if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) { return; }
    var panel = document.getElementById("scanner");
    var video = document.getElementById("scanner-video");
    var status = document.getElementById("scanner-status");
    var stop = document.getElementById("scanner-stop");
    var search = document.getElementById("window-q");
    var stream = null;
    var timer = null;

    window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") !== -1) { button.hidden = false; }
    });

    function stopCamera() {
      if (timer) { window.clearInterval(timer); timer = null; }
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); stream = null; }
    }

    function close() {
      stopCamera();
      panel.hidden = true;
    }

    // A card's QR holds its verification link (…/card/<number>) or the bare number.
    function cardNumber(raw) {
      var text = String(raw || "").trim();
      var parts = text.split(/[/?#=]/).filter(Boolean);
      return parts.length ? parts[parts.length - 1] : text;
    }

    button.addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          panel.hidden = false;
          return video.play();
        })
        .then(function () {
          timer = window.setInterval(function () {
            detector.detect(video).then(function (codes) {
              if (!codes.length) { return; }
              search.value = cardNumber(codes[0].rawValue);
              close();
              search.form.requestSubmit();
            }).catch(function () {});
          }, 250);
        })
        .catch(function () {
          stopCamera();
          panel.hidden = false;
          video.hidden = true;
          status.textContent = button.getAttribute("data-denied");
        });
    });
    stop.addEventListener("click", function () { close(); search.focus(); });
  }
})();
