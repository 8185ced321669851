/**
 * Recovers a string field's allowed values from its description. The Kubernetes 1.36 OpenAPI v2
 * document carries no `enum` for built-in types; the values are only written in prose ("One of
 * Always, OnFailure, Never."), or in the "Possible enum values:" block newer generators emit. A wrong
 * enum would reject valid manifests, so prose becomes an enum only when it is unambiguous: a closed
 * lead-in ("one of", "must be", "valid values are", ...) followed by nothing but a list of values up to
 * the end of the sentence, and no hint anywhere that the set is open.
 */

const OPEN_SET = /could be added|may be added|additional values? may|currently supported|new types|not limited to/i;

/** "one of", "must be", ...: the words a closed list of values follows. */
const WORDY_LEAD = String.raw`\b(?:(?:is|must be|can be|should be|will be)\s+)?one of|\bmust be|\bcan be|\bsupports`;
/** "valid values are", "supported values:", ...: leads that name values explicitly, so lower-case values are fine. */
const VALUES_LEAD = String.raw`\b(?:the only\s+)?(?:valid|allowed|supported|possible)\s+(?:values|options|operators)(?:\s+for this field)?(?:\s+(?:are|is))?`;

const TOKEN = String.raw`(?:"[A-Za-z][A-Za-z0-9]*"|'[A-Za-z][A-Za-z0-9]*'|\x60[A-Za-z][A-Za-z0-9]*\x60|[A-Za-z][A-Za-z0-9]*)`;
const SEPARATOR = String.raw`(?:,\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+)`;
const LIST = String.raw`${TOKEN}(?:${SEPARATOR}${TOKEN})+`;
const SENTENCE_END = String.raw`\s*(?:\.(?=\s|$)|$)`;

const INLINE = new RegExp(String.raw`(${WORDY_LEAD}|${VALUES_LEAD})\s*:?\s+(${LIST})${SENTENCE_END}`, "gi");
/** A list-shaped fragment right after the sentence: the list was split by a stray period ("In, NotIn. Gt, and Lt."). */
const CONTINUED_LIST = /^\s*[A-Za-z][A-Za-z0-9]*(?:,|\s+(?:and|or)\s)/;
const BULLET_LEAD = new RegExp(String.raw`(?:${WORDY_LEAD}|${VALUES_LEAD})\s*:`, "i");
/** `- "Allow" (default): ...`, `- FailJob: ...`, `- TerminatingOrFailed means ...` */
const DASH_ITEM = /(?:^|\s)-\s+(?:"([A-Za-z][A-Za-z0-9]*)"|([A-Z][A-Za-z0-9]*))(?=\s*(?:\(default\))?\s*:|\s+means\b|\s+indicates\b)/g;
/** `Localhost - a profile pre-loaded on the node.` */
const NAME_DASH_ITEM = /(?:^|\s)([A-Z][A-Za-z0-9]*) - /g;

function unquote(token: string): string {
  return /^["'`]/.test(token) ? token.slice(1, -1) : token;
}

function listValues(list: string): string[] {
  return list
    .split(new RegExp(SEPARATOR))
    .map((t) => t.trim())
    .filter((t) => t !== "")
    .map(unquote);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v) => b.includes(v));
}

/** The "Possible enum values:" block of newer Kubernetes generators: ` - \`"Always"\` means ...`. */
function enumBlock(description: string): string[] | undefined {
  const at = description.indexOf("Possible enum values:");
  if (at < 0) return undefined;
  const values = [...description.slice(at).matchAll(/-\s*`"([^"`]*)"`/g)].map((m) => m[1]);
  return values.length > 0 ? values : undefined;
}

function inlineList(text: string): string[] | undefined | "ambiguous" {
  let result: string[] | undefined;
  for (const m of text.matchAll(INLINE)) {
    const lead = m[1];
    const values = listValues(m[2]);
    const explicit = new RegExp(`^(?:${VALUES_LEAD})$`, "i").test(lead);
    // After "can be" or "must be" only quoted or capitalised words are values ("can be set or unset" is prose).
    const tokens = m[2].split(new RegExp(SEPARATOR)).map((t) => t.trim());
    if (!explicit && !tokens.every((t) => /^["'`]|^[A-Z]/.test(t))) continue;
    if (CONTINUED_LIST.test(text.slice((m.index ?? 0) + m[0].length))) return "ambiguous";
    if (result && !sameSet(result, values)) return "ambiguous";
    result = values;
  }
  return result;
}

function bulletList(text: string): string[] | undefined {
  const lead = BULLET_LEAD.exec(text);
  if (!lead) return undefined;
  const rest = text.slice(lead.index + lead[0].length);
  for (const pattern of [DASH_ITEM, NAME_DASH_ITEM]) {
    const values = [...rest.matchAll(pattern)].map((m) => m[1] ?? m[2]);
    if (values.length >= 2) return [...new Set(values)];
  }
  return undefined;
}

/** The closed set of values the description states, or undefined when it states none or is not sure. */
export function enumFromDescription(description: string | undefined): string[] | undefined {
  if (!description) return undefined;
  const block = enumBlock(description);
  if (block) return block;
  if (OPEN_SET.test(description)) return undefined;
  const text = description.replace(/\s+/g, " ").trim();
  const inline = inlineList(text);
  if (inline === "ambiguous") return undefined;
  if (inline) return [...new Set(inline)];
  return bulletList(description.replace(/[ \t]+/g, " "));
}
