// Live reload for `rapport serve`: reloads the page after each successful rebuild and
// shows a failed build's message over the page until the next build succeeds.
"use strict";
(() => {
  const events = new EventSource("/__rapport/events");
  let overlay = null;

  events.addEventListener("reload", () => location.reload());
  events.addEventListener("error", (event) => {
    // EventSource also fires a plain `error` on connection loss; only ours carry data.
    if (event instanceof MessageEvent) {
      showError(event.data);
    }
  });

  function showError(text) {
    if (overlay === null) {
      overlay = document.createElement("div");
      overlay.setAttribute("role", "alert");
      Object.assign(overlay.style, {
        position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
        padding: "2rem", background: "rgba(20, 20, 20, 0.92)", color: "#fff",
      });
      const heading = document.createElement("p");
      heading.textContent = "rapport: the build failed; this page shows the last good build.";
      Object.assign(heading.style, { fontWeight: "bold", margin: "0 0 1rem" });
      const message = document.createElement("pre");
      Object.assign(message.style, {
        whiteSpace: "pre-wrap", font: "0.9rem/1.4 monospace", margin: "0 0 1rem",
        padding: "1rem", border: "0", background: "#000", color: "#fff",
      });
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "Close";
      close.addEventListener("click", () => overlay.remove());
      overlay.append(heading, message, close);
    }
    overlay.querySelector("pre").textContent = text;
    document.body.append(overlay);
  }
})();
