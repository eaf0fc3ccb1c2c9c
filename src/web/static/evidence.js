// The one-step evidence form, enhanced. Without this script the form still works: a plain
// multiple-file input, every criterion shown, "all criteria of this outcome" applied on the
// server. With it: files dropped on the page join the chosen ones, the filter narrows the
// criteria, "all" ticks the outcome's boxes, and a form with errors takes the focus to them.
(function () {
  'use strict';
  var form = document.getElementById('one-step');
  if (!form) { return; }

  var problems = document.querySelector('#problems .error-summary');
  if (problems) { problems.focus(); }

  // Files: a drop zone after the input; dropped files are added to those already chosen.
  var input = document.getElementById('files');
  if (input && window.DataTransfer) {
    var zone = document.createElement('p');
    zone.className = 'dropzone';
    zone.textContent = 'Or drop files here.';
    var list = document.createElement('ul');
    list.className = 'chosen-files';
    list.setAttribute('aria-live', 'polite');
    input.parentNode.appendChild(zone);
    input.parentNode.appendChild(list);
    var show = function () {
      list.textContent = '';
      Array.prototype.forEach.call(input.files, function (f) {
        var li = document.createElement('li');
        li.textContent = f.name + ' (' + Math.max(1, Math.round(f.size / 1024)) + ' KB)';
        list.appendChild(li);
      });
    };
    input.addEventListener('change', show);
    var over = function (e) { e.preventDefault(); zone.classList.add('over'); };
    ['dragenter', 'dragover'].forEach(function (t) { zone.addEventListener(t, over); });
    zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      zone.classList.remove('over');
      var all = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (f) { all.items.add(f); });
      Array.prototype.forEach.call(e.dataTransfer.files, function (f) { all.items.add(f); });
      input.files = all.files;
      show();
    });
  }

  // "All criteria of this outcome" ticks and unticks the outcome's own boxes; unticking one of
  // them unticks "all".
  Array.prototype.forEach.call(form.querySelectorAll('input[name=whole_outcomes]'), function (all) {
    var group = all.closest('fieldset');
    var boxes = group.querySelectorAll('input[name=criteria]');
    all.addEventListener('change', function () {
      Array.prototype.forEach.call(boxes, function (b) { b.checked = all.checked; });
    });
    Array.prototype.forEach.call(boxes, function (b) {
      b.addEventListener('change', function () { if (!b.checked) { all.checked = false; } });
    });
  });

  // The filter: only criteria whose words contain the text stay shown; outcomes with a match
  // open, the others are hidden.
  var filter = document.getElementById('criteria-filter');
  if (filter) {
    filter.closest('.criteria-filter').hidden = false;
    var groups = form.querySelectorAll('.mapping details.outcome');
    filter.addEventListener('input', function () {
      var words = filter.value.trim().toLowerCase();
      Array.prototype.forEach.call(groups, function (group) {
        var any = false;
        var summary = group.querySelector('summary').textContent.toLowerCase();
        Array.prototype.forEach.call(group.querySelectorAll('label.checkbox:not(.all)'), function (label) {
          var hit = !words || label.textContent.toLowerCase().indexOf(words) >= 0;
          label.hidden = !hit;
          any = any || hit;
        });
        group.hidden = !(any || summary.indexOf(words) >= 0);
        if (words && any) { group.open = true; }
      });
    });
  }
})();
