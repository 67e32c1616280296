// The SPARQL query page: keyboard submit, examples into the editor, POST for
// long queries (GET URLs have a length limit). The page works without it.
(function () {
  "use strict";
  var form = document.getElementById("sparql-form");
  var editor = document.getElementById("sparql-query");
  if (!form || !editor) { return; }

  function submit() {
    // A long query does not fit in a URL; POST carries it (same answer).
    form.method = editor.value.length > 1500 ? "post" : "get";
    if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
  }

  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  });

  form.addEventListener("submit", function () {
    form.method = editor.value.length > 1500 ? "post" : "get";
  });

  var links = document.querySelectorAll("a.example[data-query]");
  Array.prototype.forEach.call(links, function (link) {
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
      event.preventDefault();
      editor.value = link.getAttribute("data-query");
      editor.focus();
      editor.setSelectionRange(0, 0);
      editor.scrollTop = 0;
      window.scrollTo(0, form.offsetTop);
    });
  });
})();
