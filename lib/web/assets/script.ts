/**
 * The page's only script, served as a file (the CSP allows no inline script): on a request's page
 * with a job waiting or running, polls `data-live` (the page's jobs as HTML the server rendered and
 * escaped) and swaps the jobs, the status and the chart in place until no job is active. Without
 * JavaScript the page still works; it just needs a reload.
 */
export const SCRIPT = `(function () {
  'use strict';
  var root = document.querySelector('[data-live]');
  if (!root) {
    return;
  }
  var url = root.getAttribute('data-live');
  var interval = Number(root.getAttribute('data-interval')) || 1000;
  var failures = 0;
  function swap(id, markup) {
    var element = document.getElementById(id);
    if (element && typeof markup === 'string' && element.innerHTML !== markup) {
      element.innerHTML = markup;
    }
  }
  function poll() {
    fetch(url, {credentials: 'same-origin', headers: {accept: 'application/json'}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        swap('jobs', data.jobs);
        swap('status', data.status);
        swap('chart', data.chart);
        var live = document.getElementById('live');
        if (live && live.textContent !== data.summary) {
          live.textContent = data.summary;
        }
        if (data.active) {
          setTimeout(poll, interval);
        } else {
          root.removeAttribute('data-live');
        }
      })
      .catch(function () {
        failures += 1;
        if (failures < 5) {
          setTimeout(poll, interval * Math.pow(2, failures));
        }
      });
  }
  setTimeout(poll, interval);
})();
`;
