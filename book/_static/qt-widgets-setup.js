// Lets the widget manager (vendor/@jupyter-widgets/html-manager) work in the pages of the site.
//
// 1. It finds its fonts next to its own AMD module, whose address RequireJS derives from its
//    base URL; by default that is the page's folder, where the fonts are not.  RequireJS is
//    pointed at the copied packages instead, relative to this script, wherever the page sits.
// 2. It typesets a widget's label with the MathJax 2 call MathJax.Hub.Queue; the site has
//    MathJax 3, which has no Hub.  Every MathJax object the page gets (the configuration
//    first, then MathJax itself) is given a Hub whose Queue typesets with MathJax 3.
(function () {
  var here = document.currentScript && document.currentScript.src;
  if (here && typeof require !== "undefined" && require.config) {
    var staticDir = here.split("?")[0].replace(/[^/]*$/, "");
    require.config({ baseUrl: staticDir + "vendor/" });
  }

  function typeset(elements) {
    var mj = window.MathJax;
    if (mj && mj.typesetPromise) {
      return mj.typesetPromise(elements);
    }
    if (mj && mj.startup && mj.startup.promise) {
      return mj.startup.promise.then(function () { return typeset(elements); });
    }
    return undefined;  // not loaded yet: its first pass typesets the whole page
  }

  var hub = {
    Queue: function () {
      var elements = [];
      Array.prototype.forEach.call(arguments, function (job) {
        if (Array.isArray(job) && job[0] === "Typeset" && job[2]) {
          elements.push(job[2]);
        }
      });
      if (elements.length) {
        typeset(elements);
      }
    },
  };

  function withHub(value) {
    if (value && typeof value === "object" && !value.Hub) {
      try {
        Object.defineProperty(value, "Hub", { value: hub, configurable: true, writable: true });
      } catch (e) { /* a frozen object: leave it */ }
    }
    return value;
  }

  var current = withHub(window.MathJax);
  try {
    Object.defineProperty(window, "MathJax", {
      configurable: true,
      get: function () { return current; },
      set: function (value) { current = withHub(value); },
    });
  } catch (e) { /* cannot watch the global: fall back to the object we have */ }
})();
