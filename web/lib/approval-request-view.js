// What the approval panel shows once a rep asks for approval (web/elements/approval-panel.js
// draws what this returns): the link to send the approver, or, for a quote too large for a
// link, the request as a file to download and send, which the approver opens on the approval
// page. Off the page's first load: it rides in the deferred views' chunk
// (web/elements/deferred-views.js says why), fetched with the request.
import { h, uniqueId } from './dom.js';
import { download, fileSafe } from './exporters.js';
import { copyButton } from './copy-button.js';

/** The request file's name for a customer. */
export function requestFileName(customer) {
  return `${fileSafe(customer)}.approval-request.json`;
}

/** The elements to show for `{url, mailto, file}` (signed-approvals.js request()). */
export function requestView({ url, mailto, file }) {
  return url ? linkView(url, mailto) : fileView(file, mailto);
}

function linkView(url, mailto) {
  const linkId = uniqueId('approval-request-link');
  const copy = copyButton('Copy link', () => url, 'the link');
  return [
    h('label', { for: linkId, text: 'Approval request link (send it to the approver)' }),
    h('input', { id: linkId, type: 'text', readonly: true, value: url, class: 'code' }),
    h('div', { class: 'actions' }, copy, h('a', { class: 'button secondary', href: mailto, text: 'Email it' })),
  ];
}

function fileView(file, mailto) {
  const save = h('button', { type: 'button', class: 'button secondary', text: 'Download request file' });
  save.addEventListener('click', () => download(file.name, file.text, 'application/json'));
  return [
    h('p', { class: 'approval-request-file', dataset: { requestFile: file.name },
      text: `This quote is too large for a link (${file.lines.toLocaleString('en-US')} lines). Download the request file and send it to the approver, who opens it on the approval page (“Open a request file”).` }),
    h('div', { class: 'actions' }, save, h('a', { class: 'button secondary', href: mailto, text: 'Email the approver' })),
  ];
}
