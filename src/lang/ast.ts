/**
 * The MKL abstract syntax tree: the contract between the parser (src/lang/syntax), the formatter
 * (src/lang/format), the checker (src/lang/check) and the evaluator (src/lang/eval).
 *
 * Conventions:
 * - Every node has `kind` (a string discriminant) and `span` (where it is in the source).
 * - Names that diagnostics may point at (declared names, field names, member names, loop variables)
 *   are `Name` objects with their own span, so an error can underline exactly the name.
 * - Lists keep source order (record fields, schema members, declarations, arguments).
 * - When the parser recovers from a syntax error it still returns a module; the parts it could not
 *   read become `Error` nodes (`ErrorExpr`, `ErrorType`). Later stages skip them silently: the
 *   syntax diagnostic was already reported.
 * - Parentheses in expressions are kept as `Paren` nodes (the formatter preserves them); they have
 *   no meaning of their own. Parentheses in types are not kept.
 *
 * This file only grows compatibly: new optional properties and new node kinds, never renames.
 */
import type { Span } from "../diag/span.js";

export type { Span } from "../diag/span.js";

// ───────────────────────────── names, comments, annotations ─────────────────────────────

/** An identifier as written in a declaration, parameter, alias, loop variable or member access. */
export interface Name {
  name: string;
  span: Span;
}

/**
 * A field name in a record literal or a schema: an identifier, a keyword (`type`, `if` ... are
 * legal field names) or a quoted string without interpolation (`"app.kubernetes.io/name"`).
 * `name` is the decoded text in every case.
 */
export interface FieldName extends Name {
  quoted: boolean;
}

/** A plain string literal where interpolation is not allowed (import paths, literal types). */
export interface StringLiteral {
  value: string;
  span: Span;
}

export type CommentKind = "line" | "block" | "doc";

/** A comment as written (`text` includes the `//`, `/*` or `///`). Kept for the formatter. */
export interface Comment {
  kind: CommentKind;
  text: string;
  span: Span;
}

/**
 * The `///` comment lines directly above a declaration or a schema field, joined with "\n",
 * each line without its `///` and one following space.
 */
export interface DocComment {
  text: string;
  span: Span;
}

/** `@name(arg, ...)` before a declaration or a schema field, e.g. `@kind("apps/v1", "Deployment")`. */
export interface Annotation {
  kind: "Annotation";
  name: Name;
  args: Expr[];
  span: Span;
}

// ───────────────────────────── module and declarations ─────────────────────────────

export interface Module {
  kind: "Module";
  /** The file name used in spans and diagnostics. */
  file: string;
  /** Every declaration in source order (imports included). */
  declarations: Declaration[];
  /** The import declarations, the same objects as in `declarations`, in source order. */
  imports: ImportDecl[];
  /** Every comment of the file in source order, doc comments included (the formatter re-emits them). */
  comments: Comment[];
  span: Span;
}

/** What every declaration (and every schema member) carries besides its own fields. */
export interface Documented {
  doc?: DocComment;
  annotations: Annotation[];
}

export type Declaration = ImportDecl | ParamDecl | LetDecl | SchemaDecl | FnDecl | EmitDecl;

/** `import "k8s/apps/v1" as apps`, `import "./lib/web.mkl" as web`, `import "./legacy.yaml" as legacy`. */
export interface ImportDecl extends Documented {
  kind: "Import";
  path: StringLiteral;
  alias: Name;
  span: Span;
}

/** `param env: "dev" | "prod" = "dev"`. A param without a default must be set from the CLI. */
export interface ParamDecl extends Documented {
  kind: "Param";
  name: Name;
  type?: TypeExpr;
  default?: Expr;
  span: Span;
}

/** `let replicas: int = 3` (the type is optional). */
export interface LetDecl extends Documented {
  kind: "Let";
  name: Name;
  type?: TypeExpr;
  value: Expr;
  span: Span;
}

/** `schema WebApp { name: string  replicas: int = 1  check replicas >= 1 : "..." }`. */
export interface SchemaDecl extends Documented {
  kind: "Schema";
  name: Name;
  members: SchemaMember[];
  span: Span;
}

export type SchemaMember = SchemaField | SchemaCheck;

/** `replicas: int = 1`. A field is optional when its type is `T?` (OptionalType). */
export interface SchemaField extends Documented {
  kind: "SchemaField";
  name: FieldName;
  type: TypeExpr;
  default?: Expr;
  span: Span;
}

/** `check replicas >= 1 && replicas <= 100 : "replicas must be between 1 and 100"`. */
export interface SchemaCheck extends Documented {
  kind: "SchemaCheck";
  condition: Expr;
  message?: Expr;
  span: Span;
}

/** `fn deployment(w: WebApp, port: int = 80): apps.Deployment = body`. */
export interface FnDecl extends Documented {
  kind: "Fn";
  name: Name;
  params: FnParam[];
  returnType?: TypeExpr;
  body: Expr;
  span: Span;
}

export interface FnParam {
  kind: "FnParam";
  name: Name;
  /** Absent when the parameter was written without a type (the checker treats it as `any`). */
  type?: TypeExpr;
  default?: Expr;
  span: Span;
}

/** `emit expr`: an object, or a list of objects (nested lists are flattened by the evaluator). */
export interface EmitDecl extends Documented {
  kind: "Emit";
  value: Expr;
  span: Span;
}

// ───────────────────────────── type expressions ─────────────────────────────

export type TypeExpr = NamedType | ListType | MapType | OptionalType | UnionType | StringLiteralType | NullType | ErrorType;

/**
 * `string`, `int`, `WebApp`, `apps.Deployment`. Builtin types (`string int float bool any quantity`)
 * are NamedTypes too; `module` is set for qualified names.
 */
export interface NamedType {
  kind: "NamedType";
  module?: Name;
  name: Name;
  span: Span;
}

/** `[T]` */
export interface ListType {
  kind: "ListType";
  element: TypeExpr;
  span: Span;
}

/** `{string: T}` (the key type is written out; MKL maps have string keys). */
export interface MapType {
  kind: "MapType";
  key: TypeExpr;
  value: TypeExpr;
  span: Span;
}

/** `T?`: the value may be absent or null. */
export interface OptionalType {
  kind: "OptionalType";
  inner: TypeExpr;
  span: Span;
}

/** `A | B | C` (two or more members, in source order). */
export interface UnionType {
  kind: "UnionType";
  members: TypeExpr[];
  span: Span;
}

/** `"Always"`: exactly this string. */
export interface StringLiteralType {
  kind: "StringLiteralType";
  value: string;
  span: Span;
}

/** `null` */
export interface NullType {
  kind: "NullType";
  span: Span;
}

/** A type the parser could not read (a syntax error was reported). */
export interface ErrorType {
  kind: "ErrorType";
  span: Span;
}

// ───────────────────────────── expressions ─────────────────────────────

export type Expr =
  | NullLit
  | BoolLit
  | IntLit
  | FloatLit
  | QuantityLit
  | StringExpr
  | Ident
  | ParenExpr
  | MemberExpr
  | IndexExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | IfExpr
  | LetExpr
  | ListExpr
  | RecordExpr
  | TypedRecordExpr
  | ListComprehension
  | MapComprehension
  | ErrorExpr;

export interface NullLit {
  kind: "Null";
  span: Span;
}

export interface BoolLit {
  kind: "Bool";
  value: boolean;
  span: Span;
}

/** `42`. `raw` is the source text. */
export interface IntLit {
  kind: "Int";
  value: number;
  raw: string;
  span: Span;
}

/** `3.14`, `1e3`. */
export interface FloatLit {
  kind: "Float";
  value: number;
  raw: string;
  span: Span;
}

export type QuantitySuffix = "m" | "k" | "M" | "G" | "T" | "P" | "E" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei";

/** `500m`, `512Mi`, `1.5Gi`: a Kubernetes quantity. `raw` is the canonical source text, e.g. "512Mi". */
export interface QuantityLit {
  kind: "Quantity";
  raw: string;
  /** The number part as written, e.g. "1.5". */
  amount: string;
  suffix: QuantitySuffix;
  span: Span;
}

/** A piece of literal text inside a string, escapes already decoded (and multi-line indentation removed). */
export interface StringText {
  kind: "Text";
  value: string;
  span: Span;
}

/** `${expr}` inside a string. */
export interface StringInterpolation {
  kind: "Interpolation";
  expr: Expr;
  span: Span;
}

export type StringPart = StringText | StringInterpolation;

/**
 * `"..."` or `"""` multi-line `"""`. `parts` alternates text and interpolations in source order
 * (adjacent texts are merged; a string without interpolation has at most one Text part, none when empty).
 */
export interface StringExpr {
  kind: "String";
  parts: StringPart[];
  multiline: boolean;
  span: Span;
}

/** A reference to a name in scope: a let, param, fn, import alias, builtin namespace or local variable. */
export interface Ident {
  kind: "Ident";
  name: string;
  span: Span;
}

/** `(expr)` */
export interface ParenExpr {
  kind: "Paren";
  expr: Expr;
  span: Span;
}

/** `object.name` or, when `optional`, `object?.name` (null when object is null or lacks the field). */
export interface MemberExpr {
  kind: "Member";
  object: Expr;
  name: Name;
  optional: boolean;
  span: Span;
}

/** `object[index]` */
export interface IndexExpr {
  kind: "Index";
  object: Expr;
  index: Expr;
  span: Span;
}

/** `callee(args...)` */
export interface CallExpr {
  kind: "Call";
  callee: Expr;
  args: Expr[];
  span: Span;
}

export type UnaryOp = "!" | "-";

export interface UnaryExpr {
  kind: "Unary";
  op: UnaryOp;
  opSpan: Span;
  operand: Expr;
  span: Span;
}

/** Binary operators, lowest precedence first: with, ??, ||, &&, == !=, < <= > >=, + -, * / %. All left-associative. */
export type BinaryOp = "with" | "??" | "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%";

export interface BinaryExpr {
  kind: "Binary";
  op: BinaryOp;
  opSpan: Span;
  left: Expr;
  right: Expr;
  span: Span;
}

/** `if cond then a else b` */
export interface IfExpr {
  kind: "If";
  condition: Expr;
  then: Expr;
  else: Expr;
  span: Span;
}

/** `let name: T = value in body` (the type is optional). */
export interface LetExpr {
  kind: "LetIn";
  name: Name;
  type?: TypeExpr;
  value: Expr;
  body: Expr;
  span: Span;
}

/** `...expr` inside a list (splices a list) or a record (merges a record's fields, shallowly). */
export interface Spread {
  kind: "Spread";
  expr: Expr;
  span: Span;
}

export type ListItem = Expr | Spread;

/** `[a, b, ...rest]` */
export interface ListExpr {
  kind: "List";
  items: ListItem[];
  span: Span;
}

/** `name: value` inside a record literal. */
export interface RecordField {
  kind: "Field";
  name: FieldName;
  value: Expr;
  span: Span;
}

export type RecordEntry = RecordField | Spread;

/** `{ a: 1, "b-c": 2, ...base }`. Entries in source order; a later field overrides an earlier one or a spread. */
export interface RecordExpr {
  kind: "Record";
  entries: RecordEntry[];
  span: Span;
}

/** `WebApp { ... }` or `apps.Deployment { ... }`: a record checked against (and defaulted by) a schema. */
export interface TypedRecordExpr {
  kind: "TypedRecord";
  type: NamedType;
  record: RecordExpr;
  span: Span;
}

/** `for x in xs`, `for i, x in xs` (index, item), `for k, v in m` (key, value). */
export interface ForClause {
  kind: "For";
  /** The first variable when two are written (list index or map key). */
  key?: Name;
  /** The item (lists) or value (maps) variable. */
  value: Name;
  iterable: Expr;
  span: Span;
}

/** `if cond` filter inside a comprehension. */
export interface IfClause {
  kind: "IfClause";
  condition: Expr;
  span: Span;
}

/** Clauses run left to right like nested loops; the first clause is always a ForClause. */
export type ComprehensionClause = ForClause | IfClause;

/** `[for x in xs if x > 1: x * 2]` */
export interface ListComprehension {
  kind: "ListComprehension";
  clauses: ComprehensionClause[];
  body: Expr;
  span: Span;
}

/** `{for k, v in m if v != null: k: v}` — `key` is an expression (it must evaluate to a string). */
export interface MapComprehension {
  kind: "MapComprehension";
  clauses: ComprehensionClause[];
  key: Expr;
  value: Expr;
  span: Span;
}

/** An expression the parser could not read (a syntax error was reported). */
export interface ErrorExpr {
  kind: "Error";
  span: Span;
}

// ───────────────────────────── helpers for consumers ─────────────────────────────

/** True when a string expression has no interpolation; `stringValue` then gives its text. */
export function isPlainString(e: StringExpr): boolean {
  return e.parts.every((p) => p.kind === "Text");
}

/** The text of a string expression without interpolation (interpolations are skipped). */
export function stringValue(e: StringExpr): string {
  let out = "";
  for (const p of e.parts) if (p.kind === "Text") out += p.value;
  return out;
}
