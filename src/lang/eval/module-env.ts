import type { Span } from "../../diag/span.js";
import type { FnDecl, LetDecl, ParamDecl } from "../ast.js";
import type { MklSource } from "../modules/loader.js";
import { FunctionValue, type ListValue, type Value } from "../values/value.js";
import type { RuntimeSchema } from "./runtime-schema.js";
import type { Shape } from "./shape.js";

/** A module-level `let` or `param`: evaluated on first use, once. */
export interface ValueBinding {
  kind: "value";
  decl: LetDecl | ParamDecl;
  module: ModuleEnv;
  state: "pending" | "running" | "done" | "failed";
  value: Value;
  origin: Span | undefined;
}

export type TopBinding =
  | ValueBinding
  | { kind: "fn"; fn: UserFunction }
  | { kind: "schema"; schema: RuntimeSchema }
  | { kind: "module"; env: ModuleEnv }
  | { kind: "data"; value: ListValue };

/** A user `fn`: its declaration and the module whose names its body sees. */
export class UserFunction extends FunctionValue {
  /** Parameter and result shapes, resolved on the first call. */
  paramShapes: Shape[] | undefined;
  resultShape: Shape | undefined;

  constructor(
    readonly decl: FnDecl,
    readonly module: ModuleEnv,
  ) {
    super(decl.name.name);
  }
}

/** The top-level names of one MKL module during evaluation. */
export class ModuleEnv {
  readonly bindings = new Map<string, TopBinding>();

  constructor(
    readonly source: MklSource,
    /** How other modules' messages qualify its schemas (`apps` for k8s/apps/v1); none for the entry module. */
    readonly qualifier: string | undefined,
  ) {}

  get file(): string {
    return this.source.file;
  }
}
