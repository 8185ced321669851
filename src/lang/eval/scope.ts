import type { Span } from "../../diag/span.js";
import type { Value } from "../values/value.js";

/**
 * Local bindings (function parameters, `let ... in`, comprehension variables, a schema's fields
 * inside its checks and defaults): a linked list, innermost first. Scopes are short, so a walk
 * is cheaper than building maps; `origin` is where the bound value came from.
 */
export class Scope {
  constructor(
    readonly name: string,
    readonly value: Value,
    readonly origin: Span | undefined,
    readonly parent: Scope | undefined,
  ) {}
}

export function lookupLocal(scope: Scope | undefined, name: string): Scope | undefined {
  for (let s = scope; s !== undefined; s = s.parent) if (s.name === name) return s;
  return undefined;
}
