// A search box over the long list of member states. Without JavaScript the whole list
// shows, and the browser's find-in-page still finds a state.
for (const holder of document.querySelectorAll(".nomina-state-filter")) {
  const list = holder.nextElementSibling?.querySelector(".govuk-checkboxes");
  if (!list) continue;
  const id = `${holder.dataset.filterFor}-filter`;
  const group = document.createElement("div");
  group.className = "govuk-form-group";
  const label = document.createElement("label");
  label.className = "govuk-label";
  label.htmlFor = id;
  label.textContent = holder.dataset.label;
  const input = document.createElement("input");
  input.className = "govuk-input govuk-input--width-20";
  input.id = id;
  input.type = "search";
  input.autocomplete = "off";
  input.spellcheck = false;
  group.append(label, input);
  holder.append(group);
  const items = [...list.querySelectorAll(".govuk-checkboxes__item")];
  input.addEventListener("input", () => {
    const wanted = input.value.trim().toLocaleLowerCase();
    for (const item of items) {
      const name = item.textContent.trim().toLocaleLowerCase();
      const ticked = item.querySelector("input").checked;
      // Through the CSSOM, which the CSP allows (a style attribute it would not).
      item.style.display = wanted !== "" && !name.includes(wanted) && !ticked ? "none" : "";
    }
  });
}
