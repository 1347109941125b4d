/*
 * Copy buttons, as a progressive enhancement. Markup:
 *   <input id="x" readonly value="…">
 *   <button type="button" hidden data-copy-target="x" data-copy-status="s"
 *           data-copied-message="…" data-failed-message="…">…</button>
 *   <span id="s" role="status"></span>
 * Without script (or without the Clipboard API) the button stays hidden and
 * the text stays selectable. Loaded with <script src defer>: no inline script.
 */
(function () {
    "use strict";

    function textOf(element) {
        return ("value" in element ? element.value : element.textContent).trim();
    }

    function say(status, message) {
        if (status) {
            status.textContent = "";
            // A new text node, so that screen readers announce it again.
            window.setTimeout(function () { status.textContent = message || ""; }, 50);
        }
    }

    function enhance(button) {
        var target = document.getElementById(button.dataset.copyTarget);
        var status = document.getElementById(button.dataset.copyStatus);
        if (!target || !navigator.clipboard || !window.isSecureContext) {
            return;
        }
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(textOf(target)).then(
                function () { say(status, button.dataset.copiedMessage); },
                function () {
                    if (target.select) { target.focus(); target.select(); }
                    say(status, button.dataset.failedMessage);
                }
            );
        });
    }

    document.querySelectorAll("button[data-copy-target]").forEach(enhance);
}());
