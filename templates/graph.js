/* graph.js - zoom for the dependency graphs of the taskdoc HTML site:
 * each graph box (.taskdoc-graph) gets three buttons, smaller, larger and
 * actual size; the box scrolls to pan (drag its scroll bars, or the
 * wheel with Shift). The graph starts at its own size, where its text is
 * as large as the body's (docs/graphs.md). DOM calls only, no request,
 * works from file://. */
(function () {
  'use strict';
  var STEPS = [0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3];

  function setup(box) {
    var obj = box.querySelector('object');
    if (!obj) {
      return;
    }
    var step = STEPS.indexOf(1);
    var natural = null;

    function apply() {
      if (!natural) {
        var r = obj.getBoundingClientRect();
        if (!r.width) {
          return;
        }
        natural = { w: r.width, h: r.height };
      }
      var z = STEPS[step];
      obj.style.width = Math.round(natural.w * z) + 'px';
      obj.style.height = Math.round(natural.h * z) + 'px';
      label.textContent = Math.round(z * 100) + '%';
    }

    function button(text, title, delta) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'td-zoom-btn';
      b.textContent = text;
      b.title = title;
      b.setAttribute('aria-label', title);
      b.addEventListener('click', function () {
        step = delta === 0 ? STEPS.indexOf(1) : Math.max(0, Math.min(STEPS.length - 1, step + delta));
        apply();
      });
      return b;
    }

    var bar = document.createElement('div');
    bar.className = 'td-zoom';
    var label = document.createElement('span');
    label.className = 'td-zoom-level';
    label.textContent = '100%';
    bar.appendChild(button('\u2212', 'Zoom out', -1));
    bar.appendChild(label);
    bar.appendChild(button('+', 'Zoom in', 1));
    bar.appendChild(button('1:1', 'Actual size', 0));
    box.parentNode.insertBefore(bar, box);
  }

  var boxes = document.querySelectorAll('.taskdoc-graph');
  for (var i = 0; i < boxes.length; i++) {
    setup(boxes[i]);
  }
})();
