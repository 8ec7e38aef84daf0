// The ward profile's table opens on its latest period: scrolled to the end,
// where the newest quarter sits beside the (sticky) target column.
document.querySelectorAll("[data-scroll-end]").forEach(function (el) {
  el.scrollLeft = el.scrollWidth;
});
