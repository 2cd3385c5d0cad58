"""The studio's look and keyboard: CSS (WCAG 2.2 AA contrast, verdict colours, a phone layout)
and a small script (Ctrl+Enter / Enter submits, "ask an operator" links open the request form, a
number typed past a slider's end is said to be set to that end).

Contrast (text on white, WCAG relative luminance): help text and placeholders #595959
(7.0:1), the primary button white on #b34700 (5.5:1), focus ring #1d4ed8. Verdicts never rely
on colour alone: each carries an icon and a word ("Allowed", "Denied", "Credentials OK", …).
"""

from __future__ import annotations

__all__ = ["CSS", "HEAD"]

CSS = """
#whoami { text-align: right; }
:root, .gradio-container, body {
  --block-info-text-color: #595959 !important;
  --input-placeholder-color: #595959 !important;
  --body-text-color-subdued: #595959 !important;
  --block-title-text-color: #1f2937 !important;
  --block-label-text-color: #1f2937 !important;
  --button-primary-background-fill: #b34700 !important;
  --button-primary-background-fill-hover: #8f3900 !important;
  --button-primary-text-color: #ffffff !important;
  --button-primary-text-color-hover: #ffffff !important;
  --button-primary-border-color: #b34700 !important;
  --button-cancel-background-fill: #b91c1c !important;
  --button-cancel-background-fill-hover: #991b1b !important;
  --button-cancel-text-color: #ffffff !important;
  --button-cancel-text-color-hover: #ffffff !important;
  --link-text-color: #1d4ed8 !important;
  --link-text-color-hover: #1e40af !important;
  --link-text-color-visited: #5b21b6 !important;
  --color-accent: #b34700 !important;
  --color-accent-soft: #fde8d7 !important;
}
.dark, .dark .gradio-container {
  --block-info-text-color: #c7c7c7 !important;
  --input-placeholder-color: #b8b8b8 !important;
  --body-text-color-subdued: #c7c7c7 !important;
  --block-title-text-color: #f3f4f6 !important;
  --block-label-text-color: #f3f4f6 !important;
}
input::placeholder, textarea::placeholder { color: var(--input-placeholder-color) !important; opacity: 1; }
:focus-visible { outline: 3px solid #1d4ed8 !important; outline-offset: 2px; }

/* the consent decision and the verify result: colour + icon + words */
.cs-decision, .cs-verify { border-left: 6px solid #6b7280; padding: 0.6rem 0.9rem; border-radius: 6px;
  background: #f9fafb; color: #111827; overflow-wrap: anywhere; }
.cs-decision a, .cs-verify a { color: #1d4ed8; text-decoration: underline; }
.cs-verdict { font-size: 1.25rem; margin: 0 0 0.4rem 0; }
.cs-icon { display: inline-block; min-width: 1.4em; height: 1.4em; line-height: 1.4em; text-align: center;
  border-radius: 50%; color: #ffffff; font-weight: 700; margin-right: 0.3rem; }
.cs-allowed, .cs-v-ok { border-left-color: #166534; background: #f0fdf4; }
.cs-allowed .cs-icon, .cs-v-ok .cs-icon { background: #166534; }
.cs-denied, .cs-v-tampered, .cs-v-untrusted, .cs-v-resigned { border-left-color: #b91c1c; background: #fef2f2; }
.cs-denied .cs-icon, .cs-v-tampered .cs-icon, .cs-v-untrusted .cs-icon, .cs-v-resigned .cs-icon { background: #b91c1c; }
.cs-v-revoked, .cs-v-unsafe { border-left-color: #92400e; background: #fffbeb; }
.cs-v-revoked .cs-icon, .cs-v-unsafe .cs-icon { background: #92400e; }
.cs-v-copy { border-left-color: #1e40af; background: #eff6ff; }
.cs-v-copy .cs-icon { background: #1e40af; }
.cs-v-none { border-left-color: #4b5563; background: #f3f4f6; }
.cs-v-none .cs-icon { background: #4b5563; }
.cs-reasons { padding-left: 1.2rem; margin: 0.3rem 0; }
.cs-reasons li { margin-bottom: 0.5rem; }
.cs-next { color: #374151; }
.cs-ask { font-weight: 600; margin-left: 0.3rem; }
.cs-verify { display: flex; gap: 1rem; align-items: flex-start; flex-wrap: wrap; }
.cs-verify-text { flex: 1 1 16rem; min-width: 0; }
.cs-verify details { flex-basis: 100%; }
.cs-thumb { max-width: 160px; max-height: 160px; border-radius: 4px; border: 1px solid #d1d5db; }
.cs-file { color: #374151; font-family: monospace; margin: 0 0 0.3rem 0; }
.cs-faces img { max-width: 100%; height: auto; border: 1px solid #d1d5db; }
.cs-faces figcaption { color: #374151; font-size: 0.9rem; }
.cs-scroll { overflow-x: auto; max-width: 100%; }
.cs-scroll table { min-width: 36rem; font-size: 0.9rem; }
.cs-decision details, .cs-verify details { margin-top: 0.5rem; }
.cs-decision summary, .cs-verify summary { cursor: pointer; font-weight: 600; color: #1f2937; }
.cs-verify dt { font-weight: 600; margin-top: 0.3rem; }
.cs-verify dd { margin-left: 1rem; }
.cs-subject-note { color: #374151; }
.cs-request dt { font-weight: 600; margin-top: 0.3rem; }
.cs-range-note { margin: 4px 0 0 0; color: var(--block-info-text-color); font-size: 0.9rem; }
.cs-request dd { margin-left: 1rem; }
.cs-request .cs-warning { border-left: 4px solid #b45309; background: #fffbeb; color: #451a03; padding: 0.3rem 0.6rem; }

/* dark theme (Gradio's .dark, from ?__theme=dark or the system's preference): the same
   meanings on dark backgrounds, every text pair at least 4.5:1 */
.dark, .dark .gradio-container {
  --link-text-color: #93c5fd !important;
  --link-text-color-hover: #bfdbfe !important;
  --link-text-color-visited: #c4b5fd !important;
  --color-accent-soft: #4a1d00 !important;
}
.dark button[role="tab"][aria-selected="true"] { color: #fdba74 !important; }
.dark .cs-decision, .dark .cs-verify { background: #111827; color: #f3f4f6; }
.dark .cs-decision a, .dark .cs-verify a { color: #93c5fd; }
.dark .cs-allowed, .dark .cs-v-ok { background: #052e16; border-left-color: #22c55e; }
.dark .cs-denied, .dark .cs-v-tampered, .dark .cs-v-untrusted, .dark .cs-v-resigned { background: #450a0a; border-left-color: #f87171; }
.dark .cs-v-revoked, .dark .cs-v-unsafe { background: #451a03; border-left-color: #fbbf24; }
.dark .cs-v-copy { background: #172554; border-left-color: #93c5fd; }
.dark .cs-request .cs-warning { background: #451a03; color: #fef3c7; border-left-color: #fbbf24; }
.dark .cs-v-none { background: #1f2937; border-left-color: #9ca3af; }
.dark .cs-next, .dark .cs-file, .dark .cs-faces figcaption, .dark .cs-subject-note { color: #d1d5db; }
.dark .cs-decision summary, .dark .cs-verify summary { color: #f3f4f6; }

/* phones (390 px): one column; the decision stays a list, tables scroll sideways.
   (Gradio prefixes rules inside @media with its ".contain" element: select below it only.) */
@media (max-width: 640px) {
  .row { flex-direction: column !important; }
  .row > * { min-width: 0 !important; width: 100% !important; }
  #whoami { text-align: left; }
  /* every tab fits on the bar (no "more tabs" menu to hunt in) */
  .tab-container button { padding: 0 7px !important; font-size: 14px !important; min-width: 0 !important; }
  .cs-verdict { font-size: 1.1rem; }
  .cs-thumb { max-width: 100%; }
}
"""

HEAD = r"""
<script>
(() => {
  const visible = (el) => !!el && el.offsetParent !== null;
  const panel = () => [...document.querySelectorAll('[role="tabpanel"]')].find(visible) || document;
  function mainButton(from) {
    // the nearest form around the field with a submit button (.cs-submit), else the tab's primary button
    for (let el = from; el && el !== document.body; el = el.parentElement) {
      if (el.getAttribute && el.getAttribute('role') === 'tabpanel') break;
      const b = [...el.querySelectorAll('button.cs-submit, .cs-submit button')].find(visible);
      if (b) return b;
      // a section (accordion) whose button is its primary one: that button, never another section's
      const own = el.classList && el.classList.contains('gr-accordion') && [...el.querySelectorAll('button.primary')].find(visible);
      if (own) return own;
    }
    return [...panel().querySelectorAll('button.primary, button.cs-submit')].find(visible);
  }
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.isComposing) return;
    const t = e.target;
    const ctrl = e.ctrlKey || e.metaKey;
    // Gradio renders a one-line Textbox as <textarea rows="1">
    const single = t && ((t.tagName === 'TEXTAREA' && t.rows === 1 && !e.shiftKey) || t.tagName === 'INPUT') && ['text', 'search', 'email', 'password', 'number', 'date', 'textarea', ''].includes(t.type || '')
      && t.getAttribute('role') !== 'combobox' && !t.closest('[role="listbox"], .wrap-inner, .secondary-wrap, .timebox');
    if (!ctrl && !single) return;
    if (t.closest && t.closest('form[action*="login"], .login')) return;
    const b = mainButton(t);
    if (!b || b.disabled) return;
    e.preventDefault();
    // A number typed into a slider's box past its end is set to that end by Gradio only when the
    // box is left: clicked at once, the form sent the typed 20 (a Count of at most 8) and the
    // studio answered with an "Error" pop-up over the form, while the note under the slider said
    // "20 becomes 8" (red team, session 55). So the box is left first and the button clicked once
    // Gradio has set the value; should it still be out of range, it is set to the end here.
    if (t.tagName === 'INPUT' && t.type === 'number' && /^number input for /.test(t.getAttribute('aria-label') || '')) {
      t.blur();
      requestAnimationFrame(() => setTimeout(() => {
        const v = t.valueAsNumber, lo = parseFloat(t.min), hi = parseFloat(t.max);
        const end = v > hi ? hi : v < lo ? lo : null;
        if (end !== null) {
          t.value = String(end);
          t.dispatchEvent(new Event('input', {bubbles: true}));
        }
        if (!b.disabled) b.click();
      }, 0));
      return;
    }
    b.click();
  }, true);
  // Gradio's own markup, repaired for assistive technology (axe-core: aria-prohibited-attr,
  // label-content-name-mismatch): an empty gallery/file box is a labelled image; an upload area
  // is named by the words it shows.
  function repair(root) {
    root.querySelectorAll('.unpadded_box[aria-label]:not([role])').forEach((el) => el.setAttribute('role', 'img'));
    // the job's status line says how a Generate ended (a denial too: no pop-up over the form), so
    // a screen reader announces it as it did the pop-up
    const status = root.getElementById && root.getElementById('job-status');
    if (status && status.getAttribute('aria-live') !== 'polite') {
      status.setAttribute('role', 'status');
      status.setAttribute('aria-live', 'polite');
    }
    root.querySelectorAll('.gr-accordion > button.label-wrap').forEach((el) => {
      const content = el.parentElement.querySelector('[data-testid="accordion-content"]');
      const open = content && content.style.display === 'none' ? 'false' : 'true';
      if (content && el.getAttribute('aria-expanded') !== open) el.setAttribute('aria-expanded', open);
    });
    // a date picker: its text field is named by the block's label, its icon-only calendar button
    // says what it does and points at that label
    root.querySelectorAll('.timebox').forEach((box) => {
      const block = box.closest('.block');
      const label = block && block.querySelector('[data-testid="block-info"]');
      if (!label) return;
      if (!label.id) label.id = (block.id || 'date') + '-label';
      const input = box.querySelector('input');
      const name = label.textContent.trim();
      if (input && input.getAttribute('aria-label') !== name) input.setAttribute('aria-label', name);
      const btn = box.querySelector('button.calendar');
      if (btn && !btn.getAttribute('aria-label')) {
        btn.setAttribute('aria-label', 'Open calendar');
        btn.setAttribute('aria-describedby', label.id);
      }
    });
    root.querySelectorAll('[aria-label="Click to upload or drop files"]').forEach((el) => {
      const words = (el.innerText || '').replace(/\s+/g, ' ').trim();
      if (!words) el.removeAttribute('aria-label');
      else if (el.getAttribute('aria-label') !== words) el.setAttribute('aria-label', words);
    });
  }
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; repair(document); });
  }).observe(document.documentElement, {subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label', 'style']});
  document.addEventListener('click', (e) => {
    // the page's Markdown sanitizer may drop data-* attributes: the request rides in the link itself
    const a = e.target.closest && e.target.closest('a[href^="#ask-operator"]');
    if (!a) return;
    e.preventDefault();
    const [, askKind, askAbout] = (a.getAttribute('href') || '').split(':');
    const wantKind = a.dataset.kind || askKind || 'grant';
    const wantSubject = a.dataset.subject || decodeURIComponent(askAbout || '');
    const box = document.getElementById('ask-operator');
    if (!box) return;
    const toggle = box.querySelector('button.label-wrap');
    const content = box.querySelector('[data-testid="accordion-content"]');
    if (toggle && content && content.style.display === 'none') toggle.click();
    let tries = 0, held = 0;
    const fill = () => {
      const field = document.querySelector('#rq-subject input, #rq-subject textarea');
      if (!field && tries++ < 50) { setTimeout(fill, 100); return; }  // closed accordions render lazily
      let changed = false;
      const kind = box.querySelector('input[type="radio"][value="' + wantKind + '"]');
      if (kind && !kind.checked) { kind.click(); changed = true; }
      if (field && field.value !== wantSubject) {
        field.value = wantSubject;
        field.dispatchEvent(new Event('input', {bubbles: true}));
        changed = true;
      }
      // set, and set again until the components keep both: a freshly opened accordion's
      // components can still take their initial values from the server after the first set
      // (on a slow or loaded machine the kind went back to "exception"), so both must hold
      // at two looks in a row
      held = changed ? 0 : held + 1;
      if (held < 2 && tries++ < 50) { setTimeout(fill, 150); return; }
      const why = document.querySelector('#rq-message textarea, #rq-message input');
      (why || field || box).focus();
      box.scrollIntoView({block: 'center'});
    };
    fill();
  });
})();
(() => {
  // A number typed into a slider's box beyond its range is set to the nearest end when the box is
  // left (Gradio clamps it without a word: a Count of 20 became 8 unnoticed; user audit). Said
  // under the slider as it is typed; the note goes once a number within range is typed.
  const NOTE = 'cs-range-note';
  function note(box, text) {
    const block = box.closest('.block');
    if (!block) return;
    let p = block.querySelector('.' + NOTE);
    if (!text) { if (p) p.remove(); return; }
    if (!p) {
      p = document.createElement('p');
      p.className = NOTE;
      p.setAttribute('role', 'status');
      block.appendChild(p);
    }
    p.textContent = text;
  }
  document.addEventListener('click', (e) => {  // "Reset to default": the slider's own value again
    const reset = e.target.closest && e.target.closest('.reset-button');
    if (reset) note(reset, '');
  }, true);
  document.addEventListener('input', (e) => {
    const box = e.target;
    if (box instanceof HTMLInputElement && box.type === 'range') { note(box, ''); return; }  // dragged: in range
    if (!(box instanceof HTMLInputElement) || box.type !== 'number') return;
    const label = (box.getAttribute('aria-label') || '').replace(/^number input for /, '');
    if (label === box.getAttribute('aria-label')) return;  // a slider's number box only
    const v = box.valueAsNumber, lo = parseFloat(box.min), hi = parseFloat(box.max);
    if (Number.isNaN(v)) { note(box, ''); return; }
    if (v > hi) note(box, '“' + label + '” is at most ' + hi + ': ' + box.value + ' becomes ' + hi + '.');
    else if (v < lo) note(box, '“' + label + '” is at least ' + lo + ': ' + box.value + ' becomes ' + lo + '.');
    else note(box, '');
  }, true);
})();
(() => {
  // The Generate form's image editor, before it opens a photo (user audit): a 48 MP phone photo
  // froze the page for half a minute, then failed silently (the editor's PNG copy was over the
  // 40 MB upload limit: HTTP 413 in the console only); a 12 MP one took 110 s to a decision; a
  // damaged file left the editor empty without a word. So a photo is first opened here: one
  // this browser cannot decode is refused in words, and one over SOURCE_MAX_SIDE px on its longer
  // side is scaled down (EXIF orientation applied) before the editor gets it, and the page says
  // so. Outputs are at most 2048 px, and the model is given the source at the output's size.
  const SOURCE_MAX_SIDE = 2048;
  const passed = new WeakSet();
  function say(text, bad) {
    const editor = document.getElementById('source-editor');
    if (!editor) return;
    let note = document.getElementById('source-note');
    if (!note) {
      note = document.createElement('p');
      note.id = 'source-note';
      note.setAttribute('role', 'status');
      note.style.margin = '4px 0';
      editor.insertAdjacentElement('afterend', note);
    }
    note.textContent = text;
    note.style.color = bad ? '#b00020' : '';
  }
  async function opened(file) {
    // {file} to hand on (the same or a scaled copy) and a note, or {error}
    let bmp;
    try {
      bmp = await createImageBitmap(file, {imageOrientation: 'from-image'});
    } catch (e) {
      return {error: 'The source image ' + file.name + ' could not be opened: it is damaged or not an image this ' +
                     'browser can read (PNG, JPEG or WebP). Nothing was uploaded.'};
    }
    const w = bmp.width, h = bmp.height;
    if (Math.max(w, h) <= SOURCE_MAX_SIDE) { bmp.close(); return {file, note: ''}; }
    const k = SOURCE_MAX_SIDE / Math.max(w, h);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(w * k));
    canvas.height = Math.max(1, Math.round(h * k));
    const ctx = canvas.getContext('2d');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bmp, 0, 0, canvas.width, canvas.height);
    bmp.close();
    const blob = await new Promise((done) => canvas.toBlob(done, 'image/png'));
    if (!blob) return {error: 'The source image ' + file.name + ' could not be scaled down in this browser.'};
    const name = file.name.replace(/\.[^.]*$/, '') + '.png';
    return {file: new File([blob], name, {type: 'image/png'}),
            note: 'The source image ' + file.name + ' (' + w + ' × ' + h + ' px) was scaled down to ' + canvas.width +
                  ' × ' + canvas.height + ' px here, before upload: outputs are at most 2048 px.'};
  }
  async function handOn(input, file) {
    const r = await opened(file);
    if (r.error) { input.value = ''; say(r.error, true); return; }
    say(r.note, false);
    if (r.file !== file) {
      const dt = new DataTransfer();
      dt.items.add(r.file);
      input.files = dt.files;
    }
    passed.add(input);
    input.dispatchEvent(new Event('change', {bubbles: true}));
  }
  document.addEventListener('change', (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.closest('#source-editor')) return;
    if (passed.has(input)) { passed.delete(input); return; }  // the copy handed on: the editor's turn
    const file = input.files && input.files[0];
    if (!file) return;
    e.stopImmediatePropagation();
    handOn(input, file);
  }, true);
  document.addEventListener('drop', (e) => {
    const editor = e.target.closest && e.target.closest('#source-editor');
    const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    const input = editor && editor.querySelector('input[type=file]');
    if (!editor || !file || !input) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const dt = new DataTransfer();
    dt.items.add(file);
    input.files = dt.files;
    handOn(input, file);
  }, true);
})();
</script>
"""
