// Opens a term's plain explanation in place. Without this script the term is a
// link to the glossary page, so nothing depends on it.
document.addEventListener("click", function (event) {
  var term = event.target.closest("a.term");
  if (!term) return;
  event.preventDefault();
  var open = term.nextElementSibling;
  if (open && open.classList.contains("explanation")) {
    open.remove();
    term.setAttribute("aria-expanded", "false");
    return;
  }
  var note = document.createElement("span");
  note.className = "explanation";
  note.setAttribute("role", "note");
  note.textContent = " (" + term.dataset.plain + ")";
  term.after(note);
  term.setAttribute("aria-expanded", "true");
});
