import { canonicalJson } from "../../store/canonical-json.js";
import type { JsonValue } from "../../schema/json.js";

/** rand.SafeEncodeString's alphabet: no vowels (no words), no look-alikes (0/o, 1/l). */
const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** FNV-1a, 32 bits, over UTF-8 bytes. */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character mapped through the safe alphabet. */
export function safeEncodeString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/**
 * controller.ComputeHash: fnv32a of the pod template (here its canonical JSON, where Kubernetes
 * uses a deep printer of the Go struct), then of the collision count as 4 little-endian bytes when
 * there is one, printed in decimal and safe-encoded: `7d9c5b8f4`-shaped, up to 10 characters.
 * The same template always gives the same hash; a collision count moves it.
 */
export function computePodTemplateHash(template: JsonValue, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== 0) {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}
