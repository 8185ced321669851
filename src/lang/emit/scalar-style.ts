/**
 * How a string is written in YAML so that every reader gets the same string back: plain when
 * that is unambiguous for both YAML 1.1 (Kubernetes' reader: `yes`/`on` are booleans, `0755` is
 * octal, `1:20` is base 60, `1.2.3` is a float to some readers) and YAML 1.2, double-quoted
 * otherwise. `500m` and `1Gi` stay plain, as kubectl prints them; `"8080"` and `"1.0"` are quoted.
 */

// Scalars a YAML 1.1 or 1.2 reader turns into null or a boolean.
const reservedWords = new Set([
  "~", "null", "Null", "NULL",
  "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
  "true", "True", "TRUE", "false", "False", "FALSE",
  "on", "On", "ON", "off", "Off", "OFF",
]);

// Letters and marks outside ASCII are fine in plain scalars; separators, controls and format
// characters (NBSP, U+2028, BOM ...) are not, or are invisible, so those strings are quoted.
const plainNonAscii = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** True when `s` can be written as a plain (unquoted) YAML scalar, as a key or a value. */
export function isPlainSafe(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  const first = s.charCodeAt(0);
  const startsOk =
    (first >= 65 && first <= 90) || // A-Z
    (first >= 97 && first <= 122) || // a-z
    first === 95 || // _
    first === 47 || // /
    (first === 46 && n > 1 && isLetterOrSlash(s.charCodeAt(1))) || // .foo, ./x (not .5, .inf handled below)
    (first === 45 && n > 1 && isLetterOrSlash(s.charCodeAt(1))) || // -Xmx512m (not "- x", "--", "-1")
    (first >= 48 && first <= 57) || // 500m, 1Gi, 3d (numbers are refused below)
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
    if (c === 35 && prev === 32) return false; // " #" starts a comment
    if (c === 58 && (i === n - 1 || s.charCodeAt(i + 1) === 32)) return false; // ": " or a trailing ":"
    prev = c;
  }
  if (prev === 32) return false; // trailing space would be lost
  if (reservedWords.has(s)) return false;
  // 8080, 1e3, 0x1F, 1:20, ._ and even e1 are numbers to some YAML reader.
  if ((first <= 57 || first === 101 || first === 69) && looksLikeNumberOrDate(s)) return false;
  if (first === 46 && /^\.(inf|Inf|INF|nan|NaN|NAN)$/.test(s)) return false;
  return true;
}

// Everything a YAML 1.1 or 1.2 reader (go-yaml, the yaml package, PyYAML) may resolve to a number
// or a timestamp, over-approximated: ints in any base with underscores, floats including 1.1's
// `1.2.3`, base-60 `1:20:30`, and anything that starts like a date.
const numberLike = [
  /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])*(\.[0-9_]*)?([eE][-+]?[0-9]+)?$/,
  /^[-+]?[0-9_]*\.[0-9._]*([eE][-+]?[0-9]+)?$/,
  /^[-+]?0[xXoObB][0-9a-fA-F_]+$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
  // The yaml package's YAML 1.1 schema reads `e1` and `.e1` as (not-a-)numbers.
  /^[-+]?[0-9_]*\.?[0-9_]*[eE][-+]?[0-9]+$/,
];

function looksLikeNumberOrDate(s: string): boolean {
  for (const re of numberLike) if (re.test(s)) return true;
  return false;
}

function isLetterOrSlash(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 47 || c === 95;
}

/**
 * A double-quoted YAML scalar. JSON's string syntax is a subset of YAML's double-quoted style,
 * except that YAML also treats U+0085, U+2028 and U+2029 as line breaks and does not allow raw
 * DEL or C1 controls, so those are escaped too.
 */
export function doubleQuoted(s: string): string {
  const json = JSON.stringify(s);
  return /[\u007f-\u009f\u2028\u2029\ufeff]/.test(json) ? json.replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : json;
}

/** The string as a YAML key or single-line value. */
export function yamlScalarString(s: string): string {
  return isPlainSafe(s) ? s : doubleQuoted(s);
}

/**
 * When a multi-line string can be a literal block (`|`), the header to use (`|`, `|-`, `|+`,
 * with an indentation indicator when the first line starts with a space); undefined when it must
 * be double-quoted instead (carriage returns, control characters, lines of only blanks, whose
 * blanks a reader would take for indentation).
 */
export function literalBlockHeader(s: string): string | undefined {
  if (!s.includes("\n")) return undefined;
  let lineStart = 0;
  let blankLine = true;
  let hasContent = false;
  for (let i = 0; i <= s.length; i++) {
    const c = i === s.length ? 10 : s.charCodeAt(i);
    if (c === 10) {
      if (blankLine && i > lineStart) return undefined;
      lineStart = i + 1;
      blankLine = true;
      continue;
    }
    if (c !== 32 && c !== 9) {
      blankLine = false;
      hasContent = true;
    }
    if ((c < 32 && c !== 9) || c === 127 || (c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) return undefined;
    if (c >= 0xd800 && c <= 0xdfff && !isPairedSurrogate(s, i)) return undefined;
  }
  if (!hasContent) return undefined;
  // A block's indentation is detected from its first non-empty line; if that line starts with
  // a blank, the indentation must be given explicitly.
  const firstLine = /^\n*([^\n]*)/.exec(s)?.[1] ?? "";
  const indicator = firstLine.startsWith(" ") || firstLine.startsWith("\t") ? "2" : "";
  const chomp = !s.endsWith("\n") ? "-" : s.endsWith("\n\n") ? "+" : "";
  return `|${indicator}${chomp}`;
}

function isPairedSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff;
  }
  const b = s.charCodeAt(i - 1);
  return b >= 0xd800 && b <= 0xdbff;
}
