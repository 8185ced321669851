import { error, warning, type Diagnostic } from "../../diag/diagnostic.js";
import type { Span } from "../../diag/span.js";
import { suggestName } from "../../diag/suggest.js";
import type { EmitDecl, ParamDecl } from "../ast.js";
import type { LoadedProgram, MklSource } from "../modules/loader.js";
import { showValue, typeName } from "../values/describe.js";
import { ListValue, RecordValue, type Value } from "../values/value.js";
import { EvalCode } from "./codes.js";
import { Evaluator } from "./evaluator.js";
import { ModuleEnv, UserFunction, type ValueBinding } from "./module-env.js";
import { parseParamText } from "./params.js";
import { RuntimeSchema } from "./runtime-schema.js";
import { RuntimeError } from "./runtime-error.js";
import { anyShape } from "./shape.js";

/** One object produced by `emit`, with the span of the expression that made it. */
export interface EmittedObject {
  record: RecordValue;
  span: Span;
}

export interface EvaluationResult {
  objects: EmittedObject[];
  diagnostics: Diagnostic[];
}

/**
 * Evaluates a loaded program: binds every module's declarations, applies the `-p` params to the
 * entry module's params, and evaluates the entry module's `emit`s in order. Each emit is
 * evaluated on its own, so a runtime error in one is reported and the others still run; its
 * objects are then left out.
 *
 * With `onObject`, the objects are not collected but handed over one by one as they are made (an
 * emit of a list comprehension is evaluated item by item), so that a caller printing or checking
 * them need not hold them all: `objects` then stays empty, and an emit that fails part-way has
 * already handed over the objects before the failure (its diagnostics say so).
 */
export function evaluateProgram(program: LoadedProgram, params: Readonly<Record<string, string>> = {}, onObject?: (object: EmittedObject) => void): EvaluationResult {
  const diagnostics: Diagnostic[] = [];
  const objects: EmittedObject[] = [];
  const entry = program.entry;
  if (!entry) return { objects, diagnostics };

  const envs = new Map<string, ModuleEnv>();
  for (const m of program.modules) if (m.kind === "mkl") envs.set(m.id, new ModuleEnv(m, qualifierOf(m, m === entry)));
  const entryEnv = envs.get(entry.id) as ModuleEnv;

  const given = new Map(Object.entries(params));
  const paramValue = (b: ValueBinding): Value => {
    const decl = b.decl as ParamDecl;
    const text = b.module === entryEnv ? given.get(decl.name.name) : undefined;
    const defaultValue = () => (decl.default ? evaluator.eval(decl.default, undefined) : undefined);
    if (text === undefined) {
      if (decl.default) return decl.type ? evaluator.evalShaped(decl.default, undefined, evaluator.instances.shapeOf(decl.type, b.module)) : evaluator.eval(decl.default, undefined);
      return evaluator.fail({
        code: EvalCode.missingParam,
        message: `the parameter \`${decl.name.name}\` has no value`,
        span: decl.name.span,
        label: "no default",
        help: b.module === entryEnv ? [`set it on the command line: -p ${decl.name.name}=VALUE`] : ["give it a default: a param of an imported module cannot be set from the command line"],
      });
    }
    const parsed = parseParamText(text, decl, decl.type ? undefined : defaultValue());
    if (!parsed.ok) {
      return evaluator.fail({
        code: EvalCode.invalidParam,
        message: `-p ${decl.name.name}=${text}: ${parsed.message}`,
        span: decl.type?.span ?? decl.name.span,
        label: "the parameter's type",
        help: parsed.help,
      });
    }
    evaluator.origin = decl.name.span;
    const v = decl.type ? evaluator.instances.coerce(parsed.value, evaluator.instances.shapeOf(decl.type, b.module), decl.name.span) : parsed.value;
    evaluator.origin = decl.name.span;
    return v;
  };
  const evaluator = new Evaluator(entryEnv, program.sources, paramValue);

  for (const env of envs.values()) bindDeclarations(env, envs, evaluator);

  // Unknown params are errors that name the known ones.
  const declared = entry.ast.declarations.filter((d): d is ParamDecl => d.kind === "Param");
  const known = declared.map((d) => d.name.name);
  for (const name of given.keys()) {
    if (known.includes(name)) continue;
    const hint = suggestName(name, known);
    diagnostics.push(
      error(EvalCode.unknownParam, `unknown parameter \`${name}\` (-p ${name}=...)`, {
        notes: [known.length > 0 ? `the parameters of ${entry.file} are: ${known.join(", ")}` : `${entry.file} declares no parameters`],
        help: hint ? [`did you mean \`${hint}\`?`] : undefined,
      }),
    );
  }
  // Every param of the entry module is read up front, so a bad `-p` value is reported even if unused.
  for (const d of declared) {
    const b = entryEnv.bindings.get(d.name.name);
    if (b?.kind !== "value") continue;
    attempt(evaluator, entryEnv, diagnostics, () => void evaluator.eval({ kind: "Ident", name: d.name.name, span: d.name.span }, undefined));
  }
  if (diagnostics.length > 0) return { objects, diagnostics };

  for (const m of program.modules) {
    if (m.kind !== "mkl" || m === entry) continue;
    for (const d of m.ast.declarations) {
      if (d.kind === "Emit") {
        diagnostics.push(
          warning(EvalCode.emitIgnored, "`emit` in an imported module is ignored", {
            span: d.span,
            help: ["only the entry module emits objects; emit this value from there (e.g. `emit lib.value`)"],
          }),
        );
      }
    }
  }

  for (const d of entry.ast.declarations) {
    if (d.kind !== "Emit") continue;
    if (onObject) {
      attempt(evaluator, entryEnv, diagnostics, () => emitEach(d, evaluator, onObject));
      continue;
    }
    const found: EmittedObject[] = [];
    const ok = attempt(evaluator, entryEnv, diagnostics, () => {
      const v = evaluator.eval(d.value, undefined);
      collectObjects(v, d, evaluator.origin ?? d.value.span, (o) => found.push(o), evaluator);
    });
    if (ok) objects.push(...found);
  }
  return { objects, diagnostics };
}

/** Hands over an emit's objects as they are made: a list comprehension's item by item. */
function emitEach(d: EmitDecl, evaluator: Evaluator, onObject: (object: EmittedObject) => void): void {
  if (d.value.kind === "ListComprehension") {
    evaluator.collections.forEachItem(d.value, undefined, anyShape, (item, origin) => collectObjects(item, d, origin ?? d.value.span, onObject, evaluator));
    return;
  }
  const v = evaluator.eval(d.value, undefined);
  collectObjects(v, d, evaluator.origin ?? d.value.span, onObject, evaluator);
}

/** Runs one top-level evaluation; a runtime error becomes a diagnostic and the evaluator is reset. */
function attempt(evaluator: Evaluator, entry: ModuleEnv, diagnostics: Diagnostic[], run: () => void): boolean {
  try {
    run();
    return true;
  } catch (e) {
    evaluator.recover(entry);
    if (e instanceof RuntimeError) {
      if (e.diagnostic) diagnostics.push(e.diagnostic);
      return false;
    }
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      diagnostics.push(error(EvalCode.recursionTooDeep, "the evaluation nests too deeply (the stack overflowed)", { help: ["a recursive function needs a case that stops the recursion"] }));
      return false;
    }
    throw e;
  }
}

/** An emitted value: an object, or lists of objects (flattened); null emits nothing. */
function collectObjects(v: Value, d: EmitDecl, span: Span, out: (object: EmittedObject) => void, evaluator: Evaluator): void {
  if (v === null) return;
  if (v instanceof RecordValue) {
    out({ record: withKind(v), span: v.span ?? span });
    return;
  }
  if (v instanceof ListValue) {
    for (let i = 0; i < v.items.length; i++) collectObjects(v.items[i], d, v.spans?.[i] ?? span, out, evaluator);
    return;
  }
  evaluator.fail({
    code: EvalCode.notAnObject,
    message: `\`emit\` needs an object or a list of objects, but this is ${typeName(v)} ${showValue(v)}`,
    span,
    secondary: span === d.value.span ? undefined : [{ span: d.value.span, message: "emitted here" }],
  });
}

/** An emitted instance of a `@kind` schema carries its apiVersion and kind (given, or the schema's). */
function withKind(v: RecordValue): RecordValue {
  const kind = v.schema instanceof RuntimeSchema ? v.schema.kubernetesKind : undefined;
  if (!kind) return v;
  const apiVersion = v.get("apiVersion");
  const kindValue = v.get("kind");
  if (apiVersion !== undefined && apiVersion !== null && kindValue !== undefined && kindValue !== null) return v;
  const keys = ["apiVersion", "kind"];
  const values: Value[] = [apiVersion ?? kind.apiVersion, kindValue ?? kind.kind];
  const spans = [v.spanOf("apiVersion") ?? v.span, v.spanOf("kind") ?? v.span];
  for (let i = 0; i < v.keys.length; i++) {
    if (v.keys[i] === "apiVersion" || v.keys[i] === "kind") continue;
    keys.push(v.keys[i]);
    values.push(v.values[i]);
    spans.push(v.spans[i]);
  }
  return new RecordValue(keys, values, spans, v.span, v.schema);
}

function bindDeclarations(env: ModuleEnv, envs: Map<string, ModuleEnv>, evaluator: Evaluator): void {
  const source = env.source;
  for (const imp of source.imports) {
    const target = imp.target;
    if (!target) continue;
    if (target.kind === "data") env.bindings.set(imp.decl.alias.name, { kind: "data", value: target.value });
    else {
      const targetEnv = envs.get(target.id);
      if (targetEnv) env.bindings.set(imp.decl.alias.name, { kind: "module", env: targetEnv });
    }
  }
  for (const d of source.ast.declarations) {
    switch (d.kind) {
      case "Let":
      case "Param":
        env.bindings.set(d.name.name, { kind: "value", decl: d, module: env, state: "pending", value: null, origin: undefined });
        break;
      case "Fn":
        env.bindings.set(d.name.name, { kind: "fn", fn: new UserFunction(d, env) });
        break;
      case "Schema": {
        const name = env.qualifier ? `${env.qualifier}.${d.name.name}` : d.name.name;
        env.bindings.set(d.name.name, { kind: "schema", schema: new RuntimeSchema(d, name, env, (t) => evaluator.instances.shapeOf(t, env)) });
        break;
      }
    }
  }
}

/** `apps` for stdlib/k8s/apps/v1.mkl, `web` for lib/web.mkl, nothing for the entry module. */
function qualifierOf(m: MklSource, isEntry: boolean): string | undefined {
  if (isEntry) return undefined;
  const parts = m.file.replace(/\.mkl$/, "").split("/");
  if (m.stdlib && parts.length >= 3 && /^v\d/.test(parts[parts.length - 1])) return parts[parts.length - 2];
  return parts[parts.length - 1];
}
