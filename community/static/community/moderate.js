// Keyboard shortcuts for the moderation queue: j/k move, a approve,
// r reject (with the reason chosen in the item), f feature, ? help.
const items = () => [...document.querySelectorAll("[data-queue-item]")];
let current = -1;

function focus(i) {
  const list = items();
  if (!list.length) return;
  current = Math.max(0, Math.min(i, list.length - 1));
  list.forEach((el, n) => el.classList.toggle("queue__item--current", n === current));
  list[current].focus();
  list[current].scrollIntoView({ block: "nearest" });
}

function press(key) {
  const item = items()[current];
  const button = item?.querySelector(`button[data-key="${key}"]`);
  if (button) button.click();
}

document.addEventListener("keydown", (e) => {
  if (e.target.closest("input, textarea, select") || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === "j") focus(current + 1);
  else if (e.key === "k") focus(current - 1);
  else if (["a", "r", "f"].includes(e.key)) press(e.key);
  else if (e.key === "?") document.querySelector("[data-shortcuts-help]")?.showModal();
  else return;
  e.preventDefault();
});
