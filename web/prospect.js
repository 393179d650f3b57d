// The prospect page: <edge-quote> on the public price book, opening share links (#quote=...).
import './embed/edge-quote.js';
import { isShareFragment } from './lib/share-link.js';

const configurator = document.querySelector('edge-quote');

async function openShareLinkFromLocation() {
  if (!isShareFragment(location.hash)) return;
  const fragment = location.hash;
  // The link has done its job once opened: a reload must not reopen it over later edits.
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  await configurator.openShareLink(fragment);
}

window.addEventListener('hashchange', openShareLinkFromLocation);
openShareLinkFromLocation();
