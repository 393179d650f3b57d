// The approver's signing key, kept in this browser's IndexedDB: an ECDSA P-256 key pair made
// with WebCrypto whose private half cannot be exported (not even by this page's own code), so
// approving needs this browser profile. The public half is copied out as a JWK for the price book.
import { generateApproverKey, publicJwk } from '../engine/approvals.js';

const DB = 'edgequote-approver';
const STORE = 'keys';
const CURRENT = 'current';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, action) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error ?? new Error('The key store was closed.'));
    });
  } finally {
    db.close();
  }
}

/** The stored key { privateKey, publicKey, publicJwk, createdAt }, or null. */
export function loadKey() {
  return run('readonly', (store) => store.get(CURRENT)).then((entry) => entry ?? null);
}

/** Stores a key pair (CryptoKeys are kept as they are: a non-extractable key stays so). */
export async function storeKey({ privateKey, publicKey }) {
  const entry = { privateKey, publicKey, publicJwk: await publicJwk(publicKey), createdAt: new Date().toISOString() };
  await run('readwrite', (store) => store.put(entry, CURRENT));
  return entry;
}

/** A new key pair, replacing the one stored (approvals already given keep verifying while the old public key stays in the book). */
export async function createKey() {
  return storeKey(await generateApproverKey());
}

/** The book's approver whose public key is this one, or null. */
export function approverFor(bookJson, jwk) {
  const approvers = bookJson?.internal?.approval?.approvers ?? [];
  return approvers.find((a) => a.public_key?.x === jwk?.x && a.public_key?.y === jwk?.y) ?? null;
}
