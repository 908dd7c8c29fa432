// Professional words, explained in place. The page already shows each explanation
// next to its word; this turns the word into a button that shows or hides it (the
// disclosure pattern: a real button, which says whether it is expanded), so that
// the text reads without interruption and every explanation is one tap away.
document.querySelectorAll(".term").forEach(function (term, index) {
  var word = term.querySelector(".term-word");
  var explanation = term.querySelector(".explanation");
  if (!word || !explanation) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "term-toggle";
  button.textContent = word.textContent;
  explanation.id = "explanation-" + index;
  explanation.hidden = true;
  button.setAttribute("aria-controls", explanation.id);
  button.setAttribute("aria-expanded", "false");
  word.replaceWith(button);
});

document.addEventListener("click", function (event) {
  var button = event.target.closest("button.term-toggle");
  if (!button) return;
  var open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  document.getElementById(button.getAttribute("aria-controls")).hidden = !open;
});
