// statusbridge: check a person's accounting entries in their own browser, with WebCrypto only.
//
// What it is for: the page lists the disclosures about the person; this module checks, for each,
// that its entry bytes say what the row says, and that they are in the accounting log as of its
// latest signed checkpoint: the RFC 9162 inclusion proof (leaf = SHA-256(0x00 || entry), node =
// SHA-256(0x01 || left || right)) must lead to the checkpoint's root, and the checkpoint (a C2SP
// signed note) must carry a valid Ed25519 signature of the log's key.
// What it must never do: say an entry was checked before every step of its check has passed, or
// send anything anywhere (it reads the page's own data and computes; no network).

const enc = new TextEncoder();

function fromBase64(text) {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function fromHex(text) {
  if (!/^(?:[0-9a-f]{2})*$/.test(text)) throw new Error("not hex");
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
  return out;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function equal(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

export async function leafHash(entry) {
  return sha256(concat(new Uint8Array([0]), entry));
}

async function nodeHash(left, right) {
  return sha256(concat(new Uint8Array([1]), left, right));
}

// RFC 9162 section 2.1.3.2, as ledger/merkle.py root_from_inclusion_proof computes it.
export async function rootFromInclusionProof(leaf, index, size, proof) {
  if (leaf.length !== 32) throw new Error("the leaf hash must be 32 bytes");
  if (!(index >= 0 && index < size)) throw new Error("the entry is not in the checkpoint's tree");
  // Numbers stay exact below 2**53; a log that large is far beyond any person's page.
  let fn = index, sn = size - 1, r = leaf;
  for (const p of proof) {
    if (p.length !== 32) throw new Error("every proof element must be 32 bytes");
    if (sn === 0) throw new Error("the proof is longer than the tree is deep");
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error("the proof is shorter than the tree is deep");
  return r;
}

export async function verifyInclusion(leaf, index, size, proof, root) {
  try {
    return equal(await rootFromInclusionProof(leaf, index, size, proof), root);
  } catch (e) {
    return false;
  }
}

// A C2SP verifier key: name+hexkeyid+base64(0x01 || 32-byte Ed25519 key).
async function parseVerifierKey(text) {
  const first = text.indexOf("+"), second = text.indexOf("+", first + 1);
  if (first < 1 || second < 0) throw new Error("the verifier key is malformed");
  const name = text.slice(0, first), keyId = fromHex(text.slice(first + 1, second));
  const raw = fromBase64(text.slice(second + 1));
  if (raw.length !== 33 || raw[0] !== 1 || keyId.length !== 4) throw new Error("not an Ed25519 verifier key");
  const pub = raw.slice(1);
  const wanted = (await sha256(concat(enc.encode(name + "\n"), new Uint8Array([1]), pub))).slice(0, 4);
  if (!equal(wanted, keyId)) throw new Error("the verifier key's ID does not match its key");
  const key = await crypto.subtle.importKey("raw", pub, { name: "Ed25519" }, false, ["verify"]);
  return { name, keyId, key };
}

// The checkpoint's size and root, once the known key's signature on its note verifies.
export async function verifyCheckpoint(note, verifierKey) {
  const verifier = await parseVerifierKey(verifierKey);
  if (!note.endsWith("\n")) throw new Error("the checkpoint must end with a newline");
  const cut = note.lastIndexOf("\n\n");
  if (cut < 0) throw new Error("the checkpoint has no signatures");
  const text = note.slice(0, cut + 1);
  const lines = note.slice(cut + 2, -1).split("\n");
  let signed = false;
  for (const line of lines) {
    if (!line.startsWith("\u2014 ")) throw new Error("a signature line is malformed");
    const [name, encoded] = line.slice(2).split(" ");
    const raw = fromBase64(encoded);
    if (name !== verifier.name || !equal(raw.slice(0, 4), verifier.keyId)) continue;
    const ok = raw.length === 68 && await crypto.subtle.verify(
      { name: "Ed25519" }, verifier.key, raw.slice(4), enc.encode(text));
    if (!ok) throw new Error("the checkpoint's signature does not verify");
    signed = true;
  }
  if (!signed) throw new Error("the checkpoint is not signed by the log's key");
  const [origin, sizeText, rootText] = text.slice(0, -1).split("\n");
  if (origin !== verifier.name) throw new Error("the checkpoint is for another log");
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new Error("the checkpoint's size is malformed");
  const root = fromBase64(rootText);
  if (root.length !== 32) throw new Error("the checkpoint's root is malformed");
  return { size: Number(sizeText), root };
}

// The entry bytes must say what the page's row says, or the check would prove another entry.
function sameAsShown(bytes, shown) {
  const entry = JSON.parse(new TextDecoder().decode(bytes));
  return entry.sequence === shown.sequence && entry.disclosed_on === shown.date
    && entry.recipient === shown.recipient && entry.purpose === shown.purpose
    && entry.authority === shown.authority && entry.nature === shown.nature;
}

async function checkEntry(shown, head) {
  const bytes = fromBase64(shown.entry);
  if (!sameAsShown(bytes, shown)) throw new Error("the entry does not match the row");
  const proof = shown.inclusion_proof.map(fromHex);
  if (!await verifyInclusion(await leafHash(bytes), shown.sequence, head.size, proof, head.root)) {
    throw new Error("the inclusion proof does not lead to the checkpoint's root");
  }
}

function say(id, text, ok) {
  const cell = document.getElementById(id);
  if (!cell) return;
  cell.textContent = text;
  cell.dataset.checked = ok ? "yes" : "no";
}

async function main() {
  const holder = document.getElementById("accounting-data");
  if (!holder) return;
  const doc = JSON.parse(holder.textContent);
  const status = document.getElementById("check-status-text");
  if (!doc.entries.length) { status.textContent = "There are no entries to check."; return; }
  let head;
  try {
    if (!doc.checkpoint) throw new Error("there is no signed checkpoint");
    head = await verifyCheckpoint(doc.checkpoint, doc.verifier_key);
  } catch (e) {
    status.textContent = `The signed checkpoint could not be checked: ${e.message}.`;
    for (const shown of doc.entries) say(`check-${shown.sequence}`, "Not checked: the checkpoint failed", false);
    return;
  }
  let failed = 0;
  for (const shown of doc.entries) {
    try {
      await checkEntry(shown, head);
      say(`check-${shown.sequence}`, "Checked in your browser", true);
    } catch (e) {
      failed += 1;
      say(`check-${shown.sequence}`, `Check FAILED: ${e.message}`, false);
    }
  }
  status.textContent = failed
    ? `${failed} of ${doc.entries.length} entries FAILED the check against the signed checkpoint of ${head.size} entries.`
    : `Every entry was checked in your browser against the log's signed checkpoint of ${head.size} entries.`;
}

main().catch((e) => {
  const status = document.getElementById("check-status-text");
  if (status) status.textContent = `The check could not run in this browser: ${e.message}.`;
});
