import type { Span } from "../../diag/span.js";
import type { Type } from "../types/type.js";
import type { ModuleEnv } from "./module-env.js";

/** A local name: a function parameter, a `let ... in` binding, a loop variable, a schema field in a check. */
export interface LocalBinding {
  readonly type: Type;
  readonly span?: Span;
}

/**
 * Where an expression is checked: its module, and the local names around it (innermost first).
 * Scopes are immutable; entering a binder makes a child.
 */
export class Scope {
  private constructor(
    readonly env: ModuleEnv,
    private readonly names: ReadonlyMap<string, LocalBinding> | undefined,
    private readonly parent: Scope | undefined,
  ) {}

  static module(env: ModuleEnv): Scope {
    return new Scope(env, undefined, undefined);
  }

  with(names: ReadonlyMap<string, LocalBinding>): Scope {
    return new Scope(this.env, names, this);
  }

  withOne(name: string, binding: LocalBinding): Scope {
    return new Scope(this.env, new Map([[name, binding]]), this);
  }

  local(name: string): LocalBinding | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const b = s.names?.get(name);
      if (b) return b;
    }
    return undefined;
  }

  localNames(): string[] {
    const out: string[] = [];
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.names) out.push(...s.names.keys());
    return out;
  }
}
