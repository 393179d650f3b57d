// A button that copies a text to the clipboard and says whether it could: where the browser
// refuses (no permission, an insecure origin), it asks the user to copy the text by hand.
import { h } from './dom.js';

/** `text` is a function, read when clicked; `what` names the text in the fallback ("the link"). */
export function copyButton(label, text, what = 'the text') {
  const button = h('button', { type: 'button', class: 'button secondary', text: label });
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text());
      button.textContent = 'Copied';
    } catch {
      button.textContent = `Select ${what} and copy it`;
    }
  });
  return button;
}
