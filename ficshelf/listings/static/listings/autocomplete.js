// Tag autocomplete for comma-separated tag fields. The fields work without it:
// this only suggests existing tags (canonical first) and says which canonical a
// synonym belongs to. Data comes from the address in the script tag's data-source
// (listings' tag_autocomplete route), asked with ?term=…&type=….
(function () {
  "use strict";
  var SOURCE = document.currentScript.getAttribute("data-source");
  var TYPES = { fandoms: "Fandom", relationships: "Relationship", characters: "Character", freeforms: "Freeform" };

  function lastPart(value) {
    var parts = value.split(",");
    return parts[parts.length - 1].trim();
  }

  function attach(input, type) {
    var wrapper = document.createElement("div");
    wrapper.className = "autocomplete";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.setAttribute("role", "listbox");
    list.id = input.id + "_suggestions";
    list.hidden = true;
    wrapper.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var active = -1, timer = null, latest = 0;

    function close() {
      list.hidden = true; list.innerHTML = ""; active = -1;
      input.setAttribute("aria-expanded", "false");
    }
    function choose(name) {
      var parts = input.value.split(",");
      parts[parts.length - 1] = (parts.length > 1 ? " " : "") + name;
      input.value = parts.join(",") + ", ";
      close();
      input.focus();
    }
    function highlight(index) {
      var items = list.querySelectorAll("li");
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
    }
    function show(tags) {
      list.innerHTML = "";
      tags.forEach(function (tag) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.textContent = tag.name;
        if (tag.synonym_of) {
          var note = document.createElement("span");
          note.className = "synonym";
          note.textContent = " → " + tag.synonym_of;
          item.appendChild(note);
        } else if (!tag.canonical) {
          var fresh = document.createElement("span");
          fresh.className = "synonym";
          fresh.textContent = " (not yet wrangled)";
          item.appendChild(fresh);
        }
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(tag.name); });
        list.appendChild(item);
      });
      list.hidden = tags.length === 0;
      input.setAttribute("aria-expanded", tags.length ? "true" : "false");
      active = -1;
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var term = lastPart(input.value);
      if (term.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var request = ++latest;
        var url = SOURCE + "?term=" + encodeURIComponent(term) + (type ? "&type=" + encodeURIComponent(type) : "");
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
          .then(function (data) { if (request === latest) show(data.tags || []); })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      var items = list.querySelectorAll("li");
      if (list.hidden || !items.length) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(items[active].firstChild.textContent); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Object.keys(TYPES).forEach(function (name) {
      var input = document.querySelector("input[name=" + name + "]");
      if (input) attach(input, TYPES[name]);
    });
    document.querySelectorAll("input[data-autocomplete]").forEach(function (input) {
      attach(input, input.getAttribute("data-autocomplete"));
    });
  });
})();
