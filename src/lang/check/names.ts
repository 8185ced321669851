import type * as A from "../ast.js";
import { error } from "../../diag/diagnostic.js";
import { suggestName } from "../../diag/suggest.js";
import { builtinFunctions, builtinNamespaces } from "../builtins/registry.js";
import { parseSignature } from "../types/signature.js";
import { errorType, type Type } from "../types/type.js";
import { CheckCode } from "./codes.js";
import type { Scope } from "./scope.js";
import type { ExprTyper } from "./typer.js";

/*
 * Name resolution in expressions. Locals shadow the module's top-level names (lets, params,
 * functions, import aliases), which shadow the builtins. Modules, builtin namespaces and schemas
 * are not values: they are only reached through `alias.member`, `ns.fn(...)` and `S { ... }`.
 */

/** A name in an expression: a local, a top-level binding of the module, a builtin. */
export function typeIdent(typer: ExprTyper, e: A.Ident, scope: Scope): Type {
  const local = scope.local(e.name);
  if (local) return local.type;
  const env = scope.env;
  const top = env.value(e.name);
  if (top) {
    if (top.kind === "import") {
      env.useModule(e.name);
      if (top.target?.kind === "mkl") return notAValue(scope, e.span, `\`${e.name}\` is a module, not a value`, `use one of its members: \`${e.name}.name\``);
    }
    return typer.typeOfBinding(env, top, e.span);
  }
  const builtin = builtinFunctions.get(e.name);
  if (builtin) return parseSignature(builtin.signature);
  if (builtinNamespaces.has(e.name)) return notAValue(scope, e.span, `\`${e.name}\` is a namespace of builtin functions, not a value`, `call one of them: \`${e.name}.${[...(builtinNamespaces.get(e.name)?.keys() ?? [])][0] ?? "f"}(...)\``);
  if (env.schema(e.name)) return notAValue(scope, e.span, `\`${e.name}\` is a schema, not a value`, `make a value of it: \`${e.name} { ... }\``);
  const candidates = [...scope.localNames(), ...env.valueNames(), ...builtinFunctions.keys(), ...builtinNamespaces.keys()];
  const suggestion = suggestName(e.name, candidates);
  env.report(
    error(CheckCode.unknownName, `cannot find \`${e.name}\` in this scope`, {
      span: e.span,
      label: suggestion ? `did you mean \`${suggestion}\`?` : "not found in this scope",
    }),
  );
  return errorType;
}

function notAValue(scope: Scope, span: A.Span, message: string, help: string): Type {
  scope.env.report(error(CheckCode.notAValue, message, { span, label: "not a value", help: [help] }));
  return errorType;
}

/** `web.deployment`, `strings.upper`: a member of an imported module or a builtin namespace. */
export function typeNamespaceMember(typer: ExprTyper, object: A.Ident, member: A.Name, scope: Scope): Type | undefined {
  const env = scope.env;
  const top = env.value(object.name);
  if (top) {
    if (top.kind !== "import" || top.target?.kind === "data") return undefined;
    env.useModule(object.name);
    const target = env.importedModule(top);
    if (!target) return errorType;
    const binding = target.value(member.name);
    if (binding && binding.kind !== "import") return typer.typeOfBinding(target, binding, member.span);
    const qualified = `${object.name}.${member.name}`;
    if (target.schema(member.name)) return notAValue(scope, member.span, `\`${qualified}\` is a schema, not a value`, `make a value of it: \`${qualified} { ... }\``);
    const names = [...target.valueNames()].filter((n) => target.value(n)?.kind !== "import");
    const suggestion = suggestName(member.name, [...names, ...target.schemaNames()]);
    env.report(
      error(CheckCode.unknownMember, `module \`${object.name}\` has no \`${member.name}\``, {
        span: member.span,
        label: suggestion ? `did you mean \`${suggestion}\`?` : "not declared in that module",
      }),
    );
    return errorType;
  }
  const namespace = builtinNamespaces.get(object.name);
  if (!namespace) return undefined;
  const def = namespace.get(member.name);
  if (def) return parseSignature(def.signature);
  const suggestion = suggestName(member.name, namespace.keys());
  env.report(
    error(CheckCode.unknownMember, `\`${object.name}\` has no function \`${member.name}\``, {
      span: member.span,
      label: suggestion ? `did you mean \`${suggestion}\`?` : "no such builtin",
      ...(suggestion ? {} : { notes: [`${object.name} has ${[...namespace.keys()].map((n) => `\`${n}\``).join(", ")}`] }),
    }),
  );
  return errorType;
}
