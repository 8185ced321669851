import { FloatValue, ListValue, type Value } from "../values/value.js";
import { interpolationText } from "../values/text.js";
import { argInt, argList, argOptionalInt, argString, builtin, codePoints, fail, type BuiltinDef } from "./builtin.js";

/** `strings.*`: text functions. Indexes and lengths count Unicode code points. */
export const stringBuiltins: readonly BuiltinDef[] = [
  builtin("upper", "fn(s: string): string", "The string in upper case (locale-independent).", (a) => argString(a, 0).toUpperCase()),
  builtin("lower", "fn(s: string): string", "The string in lower case (locale-independent).", (a) => argString(a, 0).toLowerCase()),
  builtin("trim", "fn(s: string): string", "The string without leading and trailing whitespace.", (a) => argString(a, 0).trim()),
  builtin("trimPrefix", "fn(s: string, prefix: string): string", "The string without `prefix` at its start, if it is there.", (a) => {
    const s = argString(a, 0);
    const p = argString(a, 1);
    return s.startsWith(p) ? s.slice(p.length) : s;
  }),
  builtin("trimSuffix", "fn(s: string, suffix: string): string", "The string without `suffix` at its end, if it is there.", (a) => {
    const s = argString(a, 0);
    const p = argString(a, 1);
    return p !== "" && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  }),
  builtin("split", "fn(s: string, sep: string): [string]", "The parts of `s` between occurrences of `sep` (`sep` \"\" splits into characters).", (a) => {
    const s = argString(a, 0);
    const sep = argString(a, 1);
    return new ListValue(sep === "" ? codePoints(s) : s.split(sep));
  }),
  builtin("join", "fn(xs: [string], sep: string): string", "The strings of `xs` joined with `sep` between them.", (a) => {
    const xs = argList(a, 0);
    const sep = argString(a, 1);
    for (const x of xs.items) if (typeof x !== "string") return fail(`strings.join needs a list of strings; it contains ${describe(x)}`);
    return (xs.items as string[]).join(sep);
  }),
  builtin("replace", "fn(s: string, old: string, new: string): string", "`s` with every occurrence of `old` replaced by `new`.", (a) => {
    const old = argString(a, 1);
    if (old === "") return fail("strings.replace: the string to replace must not be empty");
    return argString(a, 0).split(old).join(argString(a, 2));
  }),
  builtin("contains", "fn(s: string, sub: string): bool", "Whether `sub` occurs in `s`.", (a) => argString(a, 0).includes(argString(a, 1))),
  builtin("startsWith", "fn(s: string, prefix: string): bool", "Whether `s` starts with `prefix`.", (a) => argString(a, 0).startsWith(argString(a, 1))),
  builtin("endsWith", "fn(s: string, suffix: string): bool", "Whether `s` ends with `suffix`.", (a) => argString(a, 0).endsWith(argString(a, 1))),
  builtin("indexOf", "fn(s: string, sub: string): int", "The position (in characters) of the first `sub` in `s`, or -1.", (a) => {
    const s = argString(a, 0);
    const i = s.indexOf(argString(a, 1));
    return i < 0 ? -1 : codePoints(s.slice(0, i)).length;
  }),
  builtin("substr", "fn(s: string, start: int, end?: int): string", "The characters from `start` up to (not including) `end`, or to the end; negative positions count from the end.", (a) => {
    const chars = codePoints(argString(a, 0));
    const start = clampIndex(argInt(a, 1), chars.length);
    const endArg = argOptionalInt(a, 2);
    const end = endArg === undefined ? chars.length : clampIndex(endArg, chars.length);
    return end <= start ? "" : chars.slice(start, end).join("");
  }),
  builtin("repeat", "fn(s: string, count: int): string", "`s` repeated `count` times.", (a) => {
    const s = argString(a, 0);
    const n = argInt(a, 1);
    if (n < 0) return fail(`strings.repeat: the count must not be negative, got ${n}`);
    if (s.length * n > 10_000_000) return fail(`strings.repeat: the result would be ${s.length * n} characters long (more than 10,000,000)`);
    return s.repeat(n);
  }),
  builtin("padLeft", "fn(s: string, width: int, pad?: string): string", "`s` padded on the left with `pad` (default a space) to `width` characters.", (a) => pad(a, "left")),
  builtin("padRight", "fn(s: string, width: int, pad?: string): string", "`s` padded on the right with `pad` (default a space) to `width` characters.", (a) => pad(a, "right")),
  builtin(
    "format",
    "fn(template: string, ...any): string",
    "printf-style formatting: `%s` (any value as in interpolation), `%d` (an int), `%v` (the same as %s), `%%` (a percent sign).",
    (a) => {
      const template = argString(a, 0);
      let next = 1;
      let problem: string | undefined;
      const out = template.replace(/%([sdv%])/g, (_m, verb: string) => {
        if (verb === "%") return "%";
        const v = a[next++];
        if (v === undefined) {
          problem ??= `strings.format: the template has more placeholders than the ${a.length - 1} value${a.length === 2 ? "" : "s"} given`;
          return "";
        }
        if (verb === "d" && typeof v !== "number" && !(v instanceof FloatValue && Number.isInteger(v.value))) {
          problem ??= `strings.format: %d needs an int, got ${describe(v)}`;
          return "";
        }
        return interpolationText(v);
      });
      if (problem) return fail(problem);
      if (next < a.length) return fail(`strings.format: ${a.length - next} value${a.length - next === 1 ? "" : "s"} left over (the template has ${next - 1} placeholder${next === 2 ? "" : "s"})`);
      return out;
    },
  ),
];

function clampIndex(i: number, length: number): number {
  const j = i < 0 ? length + i : i;
  return Math.max(0, Math.min(length, j));
}

function pad(a: Value[], side: "left" | "right"): string {
  const s = argString(a, 0);
  const width = argInt(a, 1);
  const fill = a[2] === undefined || a[2] === null ? " " : argString(a, 2);
  const length = codePoints(s).length;
  if (fill === "" || length >= width) return s;
  const padding = fill.repeat(Math.ceil((width - length) / fill.length)).slice(0, width - length);
  return side === "left" ? padding + s : s + padding;
}

function describe(v: Value): string {
  return typeof v === "string" ? JSON.stringify(v) : interpolationText(v);
}
