// The search box in the header: Pagefind's UI over the index the build
// writes to pagefind/. Without JavaScript the box is simply absent.
"use strict";
(function () {
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI !== "function") {
    return;
  }
  new PagefindUI({
    element: box,
    bundlePath: box.dataset.base + "pagefind/",
    baseUrl: box.dataset.base,
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    focusOnSlash: true,
    openFilters: ["level", "status"],
    translations: { placeholder: "Search the plans" },
  });
  // Escape empties the box and closes the results, leaving focus in it.
  box.addEventListener("keydown", function (event) {
    var clear = box.querySelector(".pagefind-ui__search-clear");
    if (event.key === "Escape" && clear) {
      clear.click();
      box.querySelector("input").focus();
    }
  });
})();
