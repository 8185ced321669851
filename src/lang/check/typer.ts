import type * as A from "../ast.js";
import type { Type } from "../types/type.js";
import type { ModuleEnv, TopBinding } from "./module-env.js";
import type { Expectation } from "./report.js";
import type { Scope } from "./scope.js";

/** What the expression helpers (records, calls, operators, access) need from the checker. */
export interface ExprTyper {
  /** The type of an expression, reporting problems inside it. */
  infer(e: A.Expr, scope: Scope): Type;
  /** Checks an expression against an expected type (pushing it into records, lists, branches); returns its type. */
  check(e: A.Expr, expected: Type, scope: Scope, ctx: Expectation): Type;
  /** A type expression's type, resolved (and its problems reported) once per node. */
  resolveType(t: A.TypeExpr, env: ModuleEnv): Type;
  /** The type of a top-level binding of a module (computed once). */
  typeOfBinding(env: ModuleEnv, binding: TopBinding, use?: A.Span): Type;
}
