import { test } from "node:test";
import assert from "node:assert/strict";
import { isPlainSafe } from "../../src/lang/emit/scalar-style.js";
import { mulberry32 as rng } from "../support/prng.js";

// The character-by-character definition of a plain-safe scalar, as the writer had it before names
// and paths got a faster path: the fast path must give the same verdict for every string.
const reservedWords = new Set(["~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"]);
const plainNonAscii = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const numberLike = [
  /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])*(\.[0-9_]*)?([eE][-+]?[0-9]+)?$/,
  /^[-+]?[0-9_]*\.[0-9._]*([eE][-+]?[0-9]+)?$/,
  /^[-+]?0[xXoObB][0-9a-fA-F_]+$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
  /^[-+]?[0-9_]*\.?[0-9_]*[eE][-+]?[0-9]+$/,
];
const isLetterOrSlash = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 47 || c === 95;

function referencePlainSafe(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  const first = s.charCodeAt(0);
  const startsOk =
    (first >= 65 && first <= 90) ||
    (first >= 97 && first <= 122) ||
    first === 95 ||
    first === 47 ||
    (first === 46 && n > 1 && isLetterOrSlash(s.charCodeAt(1))) ||
    (first === 45 && n > 1 && isLetterOrSlash(s.charCodeAt(1))) ||
    (first >= 48 && first <= 57) ||
    first > 127;
  if (!startsOk) return false;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 127) return false;
    if (c > 127) {
      if (!plainNonAscii.test(String.fromCodePoint(s.codePointAt(i) as number))) return false;
      if (c >= 0xd800 && c <= 0xdbff) i++;
      prev = c;
      continue;
    }
    if (c === 35 && prev === 32) return false;
    if (c === 58 && (i === n - 1 || s.charCodeAt(i + 1) === 32)) return false;
    prev = c;
  }
  if (prev === 32) return false;
  if (reservedWords.has(s)) return false;
  if ((first <= 57 || first === 101 || first === 69) && numberLike.some((re) => re.test(s))) return false;
  if (first === 46 && /^\.(inf|Inf|INF|nan|NaN|NAN)$/.test(s)) return false;
  return true;
}

test("plain-scalar verdicts match the character-by-character definition for names, words, numbers and paths", () => {
  const words = [...reservedWords, "e1", "E5", "e1.5", "e", "E", "eX", "e_1", "e1_0", "e.1", "e-1", "_", "/", "a/b", "app-0", "main", "TCP", "x.y.z", "9e9", "1e3", "0x1F", "2024-01-02"];
  for (const w of words) assert.equal(isPlainSafe(w), referencePlainSafe(w), w);
  const r = rng(42);
  const alphabet = "abeEynoNOtTrufls_-./0123456789:# ~";
  for (let i = 0; i < 20000; i++) {
    let s = "";
    const n = 1 + Math.floor(r() * 7);
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(r() * alphabet.length)];
    assert.equal(isPlainSafe(s), referencePlainSafe(s), JSON.stringify(s));
  }
});
