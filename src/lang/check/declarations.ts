import type * as A from "../ast.js";
import { error, warning } from "../../diag/diagnostic.js";
import { boolType, isDynamic, stringType, type Type } from "../types/type.js";
import { membersOf, withoutNull } from "../types/union.js";
import type { Checker } from "./checker.js";
import { CheckCode } from "./codes.js";
import type { ModuleEnv } from "./module-env.js";
import { show } from "./report.js";
import { Scope, type LocalBinding } from "./scope.js";

/**
 * Checks every declaration of a project module in source order: params, lets and functions
 * (bodies once), schemas (field types, defaults, checks), emits; then warns about unused imports.
 */
export function checkModuleDeclarations(checker: Checker, env: ModuleEnv): void {
  for (const decl of env.ast.declarations) {
    switch (decl.kind) {
      case "Import":
        break;
      case "Param":
      case "Let": {
        const binding = env.value(decl.name.name);
        if (binding && binding.decl === decl) checker.typeOfBinding(env, binding);
        else checkShadowedDuplicate(checker, env, decl);
        break;
      }
      case "Fn": {
        const binding = env.value(decl.name.name);
        if (binding && binding.decl === decl) checker.typeOfBinding(env, binding);
        checker.checkFnBody(env, decl);
        break;
      }
      case "Schema":
        checkSchema(checker, env, decl);
        break;
      case "Emit":
        checkEmit(checker, env, decl);
        break;
    }
  }
  for (const binding of env.importBindings()) {
    const alias = binding.decl.alias.name;
    if (env.isUsed(alias)) continue;
    env.report(
      warning(CheckCode.unusedImport, `unused import \`${alias}\``, {
        span: binding.decl.alias.span,
        label: "never used in this file",
        help: ["remove the import"],
      }),
    );
  }
}

/** A second `let x` (already reported as a duplicate) is still checked inside. */
function checkShadowedDuplicate(checker: Checker, env: ModuleEnv, decl: A.LetDecl | A.ParamDecl): void {
  const scope = Scope.module(env);
  const declared = decl.type ? checker.resolveType(decl.type, env) : undefined;
  const value = decl.kind === "Let" ? decl.value : decl.default;
  if (!value) return;
  if (declared) checker.check(value, declared, scope, { what: `\`${decl.name.name}\`` });
  else checker.infer(value, scope);
}

function checkSchema(checker: Checker, env: ModuleEnv, decl: A.SchemaDecl): void {
  const schema = env.schema(decl.name.name);
  if (!schema || env.schemaDecl(decl.name.name) !== decl) return; // a duplicate, already reported
  const fields = schema.fields();
  // Defaults and checks see the schema's fields by name.
  const names = new Map<string, LocalBinding>();
  for (const [name, f] of fields) names.set(name, { type: f.type, span: f.span });
  const scope = Scope.module(env).with(names);
  for (const member of decl.members) {
    if (member.kind === "SchemaField") {
      const field = fields.get(member.name.name);
      if (member.default && field) checker.check(member.default, withoutNull(field.type), scope, { what: `the default of field \`${field.name}\`` });
      continue;
    }
    checker.check(member.condition, boolType, scope, { what: "a check" });
    if (member.message) checker.check(member.message, stringType, scope, { what: "a check's message" });
  }
}

/** `emit` takes Kubernetes objects: a record, a schema value of a kind, or (nested) lists of them. */
function checkEmit(checker: Checker, env: ModuleEnv, decl: A.EmitDecl): void {
  const scope = Scope.module(env);
  const t = checker.infer(decl.value, scope);
  const bad = firstNonObject(t);
  if (!bad) return;
  const isSchema = bad.kind === "schema";
  env.report(
    error(CheckCode.emitNotObject, isSchema ? `\`emit\` needs Kubernetes objects; ${show(bad, scope)} is not a Kubernetes kind` : `\`emit\` needs Kubernetes objects, found ${show(t, scope)}`, {
      span: decl.value.span,
      label: bad === t ? "not an object" : `${show(bad, scope)} is not an object`,
      help: isSchema
        ? [`give the schema an \`@kind("group/version", "Kind")\` annotation, or emit a Kubernetes type such as apps.Deployment { ... }`]
        : ["emit a record such as apps.Deployment { ... }, or a list of them"],
    }),
  );
}

function firstNonObject(t: Type): Type | undefined {
  for (const m of membersOf(t)) {
    if (isDynamic(m) || m.kind === "never" || m.kind === "null" || m.kind === "record" || m.kind === "map") continue;
    if (m.kind === "list") {
      const inner = firstNonObject(m.element);
      if (inner) return inner;
      continue;
    }
    if (m.kind === "schema") {
      // A schema without @kind can still be an object if it declares apiVersion and kind itself.
      const fields = m.schema.fields();
      if (m.schema.kubernetesKind || (fields.has("kind") && fields.has("apiVersion"))) continue;
      return m;
    }
    return m;
  }
  return undefined;
}
