/* search.js - the search box of the taskdoc HTML site: filters the tasks
 * of search-index.js (window.TD_SEARCH_INDEX: id, title, workstream,
 * state, url) by every word typed, ids first. Builds its list with DOM
 * calls only (no innerHTML), works from file:// and needs no server. */
(function () {
  'use strict';
  var input = document.getElementById('td-search');
  var list = document.getElementById('td-search-results');
  var index = window.TD_SEARCH_INDEX || [];
  if (!input || !list) {
    return;
  }
  var root = input.getAttribute('data-root') || '';

  function clear() {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
  }

  function item(t) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    var id = document.createElement('strong');
    var meta = document.createElement('span');
    a.href = root + t.url;
    id.textContent = t.id;
    meta.className = 'td-search-meta';
    meta.textContent = t.workstream + ' \u00b7 ' + t.state;
    a.appendChild(id);
    a.appendChild(document.createTextNode(' ' + t.title));
    a.appendChild(meta);
    li.appendChild(a);
    return li;
  }

  function update() {
    var q = input.value.trim().toLowerCase();
    clear();
    if (!q) {
      list.hidden = true;
      return;
    }
    var words = q.split(/\s+/);
    var first = [], rest = [];
    index.forEach(function (t) {
      var id = t.id.toLowerCase();
      var text = id + ' ' + t.title.toLowerCase() + ' ' + t.workstream.toLowerCase();
      if (words.every(function (w) { return text.indexOf(w) >= 0; })) {
        (id.indexOf(q) === 0 ? first : rest).push(t);
      }
    });
    var found = first.concat(rest).slice(0, 30);
    found.forEach(function (t) { list.appendChild(item(t)); });
    if (!found.length) {
      var li = document.createElement('li');
      li.className = 'td-search-empty';
      li.textContent = 'No task matches \u201c' + input.value.trim() + '\u201d.';
      list.appendChild(li);
    }
    list.hidden = false;
  }

  input.addEventListener('input', update);
  input.addEventListener('keydown', function (e) {
    var links = list.querySelectorAll('a');
    if (e.key === 'Enter' && links.length) {
      e.preventDefault();
      window.location.href = links[0].href;
    } else if (e.key === 'ArrowDown' && links.length) {
      e.preventDefault();
      links[0].focus();
    } else if (e.key === 'Escape') {
      input.value = '';
      update();
    }
  });
  list.addEventListener('keydown', function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll('a'));
    var i = links.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i + 1 < links.length) {
      e.preventDefault();
      links[i + 1].focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      (i > 0 ? links[i - 1] : input).focus();
    } else if (e.key === 'Escape') {
      input.focus();
    }
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === '/' && document.activeElement !== input && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      input.focus();
    }
  });
  document.addEventListener('click', function (e) {
    if (!list.contains(e.target) && e.target !== input) {
      list.hidden = true;
    }
  });
  input.addEventListener('focus', function () {
    if (input.value.trim()) {
      update();
    }
  });
})();
