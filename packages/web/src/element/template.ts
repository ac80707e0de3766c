/**
 * The shadow DOM of `<earshot-transcriber>`: markup and default styles (themeable through CSS parts
 * and the `--earshot-focus-ring-*` custom properties).
 */

/** Inner HTML of the element's shadow root. */
export const TRANSCRIBER_TEMPLATE = `
<style>
  :host { display: block; font: inherit; color: inherit; }
  :host([hidden]) { display: none; }
  [part~='toolbar'] { display: flex; gap: 0.75em; align-items: center; }
  [part~='button'] { font: inherit; padding: 0.4em 1.1em; cursor: pointer; }
  [part~='button'][aria-disabled='true'] { cursor: progress; opacity: 0.65; }
  /* Focus ring: 3 px, offset from the button so it sits on the page's background (#2563eb: 5.2:1 on
     white, 3.6:1 on Chromium's dark canvas). Theme it with the custom properties. */
  [part~='button']:focus-visible {
    outline: var(--earshot-focus-ring-width, 3px) solid var(--earshot-focus-ring-color, #2563eb);
    outline-offset: var(--earshot-focus-ring-offset, 2px);
  }
  @media (forced-colors: active) {
    [part~='button']:focus-visible { outline-color: Highlight; }
  }
  [part~='progress'] { width: 100%; margin-top: 0.5em; }
  [part~='status'] { opacity: 0.75; font-size: 0.9em; }
  [part~='transcript'] { margin-top: 0.75em; min-height: 3em; line-height: 1.5; }
  [part~='item'] { display: block; }
  [part~='stable'] { color: inherit; }
  [part~='tentative'] { opacity: 0.55; font-style: italic; }
  [part~='item'][data-final] [part~='stable'] { font-weight: 600; }
</style>
<div part="toolbar">
  <button part="button" type="button">Start</button>
  <span part="status" role="status"></span>
</div>
<progress part="progress" max="1" value="0" hidden aria-label="Model download"></progress>
<div part="transcript" role="log" aria-live="polite" aria-relevant="additions text" aria-label="Transcript"></div>
`;
