import type * as A from "../ast.js";
import { error, type Diagnostic } from "../../diag/diagnostic.js";
import type { Span } from "../../diag/span.js";
import { schemaFromDecl } from "../types/schema-decl.js";
import type { TypeScope } from "../types/resolve.js";
import type { SchemaDef } from "../types/type.js";
import type { SchemaNamer } from "../types/print.js";
import { CheckCode } from "./codes.js";
import type { CheckModule, ImportTarget } from "./program.js";

/** A top-level value name of a module. */
export type TopBinding =
  | { readonly kind: "let"; readonly decl: A.LetDecl }
  | { readonly kind: "param"; readonly decl: A.ParamDecl }
  | { readonly kind: "fn"; readonly decl: A.FnDecl }
  | { readonly kind: "import"; readonly decl: A.ImportDecl; readonly target: ImportTarget | undefined };

/** Finds the environment of another module of the program by id. */
export type ModuleLookup = (moduleId: string) => ModuleEnv | undefined;

/**
 * One module's names as the checker sees them: its top-level values (lets, params, fns, import
 * aliases: one namespace), its schemas (a separate, type namespace), how its imports resolved,
 * and where its diagnostics go. Stdlib modules drop their diagnostics (they are generated and
 * trusted) and are cached for the whole process, so the Kubernetes schemas are built once.
 */
export class ModuleEnv implements TypeScope {
  readonly id: string;
  readonly ast: A.Module;
  readonly stdlib: boolean;
  readonly diagnostics: Diagnostic[] = [];
  private readonly values = new Map<string, TopBinding>();
  private readonly schemaDecls = new Map<string, A.SchemaDecl>();
  private readonly schemaDefs = new Map<string, SchemaDef>();
  private readonly imports = new Map<string, TopBinding & { kind: "import" }>();
  private readonly aliasOfModule = new Map<string, string>();
  private readonly usedAliases = new Set<string>();
  /** How schemas of other modules are prefixed in this module's messages. */
  readonly namer: SchemaNamer;

  constructor(
    module: CheckModule,
    private readonly lookup: ModuleLookup,
  ) {
    this.id = module.id;
    this.ast = module.ast;
    this.stdlib = module.stdlib;
    const firstSpan = new Map<string, Span>();
    const firstSchemaSpan = new Map<string, Span>();
    for (const decl of module.ast.declarations) {
      if (decl.kind === "Emit") continue;
      if (decl.kind === "Schema") {
        const name = decl.name.name;
        const first = firstSchemaSpan.get(name);
        if (first) this.reportDuplicate(`schema \`${name}\``, decl.name.span, first);
        else {
          firstSchemaSpan.set(name, decl.name.span);
          this.schemaDecls.set(name, decl);
        }
        continue;
      }
      const name = decl.kind === "Import" ? decl.alias : decl.name;
      const first = firstSpan.get(name.name);
      if (first) {
        this.reportDuplicate(`\`${name.name}\``, name.span, first);
        continue;
      }
      firstSpan.set(name.name, name.span);
      let binding: TopBinding;
      if (decl.kind === "Import") {
        const target = module.resolveImport(decl);
        const importBinding = { kind: "import" as const, decl, target };
        this.imports.set(name.name, importBinding);
        if (target?.kind === "mkl" && !this.aliasOfModule.has(target.moduleId)) this.aliasOfModule.set(target.moduleId, name.name);
        binding = importBinding;
      } else if (decl.kind === "Let") binding = { kind: "let", decl };
      else if (decl.kind === "Param") binding = { kind: "param", decl };
      else binding = { kind: "fn", decl };
      this.values.set(name.name, binding);
    }
    this.namer = (s) => {
      if (s.moduleId === this.id) return s.name;
      const alias = this.aliasOfModule.get(s.moduleId);
      if (alias !== undefined) return `${alias}.${s.name}`;
      return s.defaultQualifier ? `${s.defaultQualifier}.${s.name}` : s.name;
    };
  }

  report(d: Diagnostic): void {
    if (!this.stdlib) this.diagnostics.push(d);
  }

  private reportDuplicate(what: string, span: Span, first: Span): void {
    this.report(
      error(CheckCode.duplicateDefinition, `${what} is defined twice`, {
        span,
        label: "defined again here",
        secondary: [{ span: first, message: "first defined here" }],
        help: ["rename one of them"],
      }),
    );
  }

  /** A top-level let, param, fn or import alias. */
  value(name: string): TopBinding | undefined {
    return this.values.get(name);
  }

  valueNames(): Iterable<string> {
    return this.values.keys();
  }

  /** The environment of the module an import alias names, if it is an MKL module that loaded. */
  importedModule(binding: TopBinding & { kind: "import" }): ModuleEnv | undefined {
    return binding.target?.kind === "mkl" ? this.lookup(binding.target.moduleId) : undefined;
  }

  importBindings(): Iterable<TopBinding & { kind: "import" }> {
    return this.imports.values();
  }

  // ── TypeScope ──

  schema(name: string): SchemaDef | undefined {
    let def = this.schemaDefs.get(name);
    if (def) return def;
    const decl = this.schemaDecls.get(name);
    if (!decl) return undefined;
    def = schemaFromDecl(decl, this.id, defaultQualifier(this.ast.file), this, (d) => this.report(d));
    this.schemaDefs.set(name, def);
    return def;
  }

  schemaNames(): Iterable<string> {
    return this.schemaDecls.keys();
  }

  schemaDecl(name: string): A.SchemaDecl | undefined {
    return this.schemaDecls.get(name);
  }

  module(alias: string): TypeScope | "not-mkl" | "broken" | undefined {
    const binding = this.imports.get(alias);
    if (!binding) return undefined;
    if (binding.target === undefined) return "broken";
    if (binding.target.kind === "data") return "not-mkl";
    return this.lookup(binding.target.moduleId) ?? "broken";
  }

  moduleAliases(): Iterable<string> {
    return this.imports.keys();
  }

  useModule(alias: string): void {
    this.usedAliases.add(alias);
  }

  isUsed(alias: string): boolean {
    return this.usedAliases.has(alias);
  }
}

/**
 * The prefix for a module's schemas in messages of modules that did not import it, from its file
 * name: `stdlib/k8s/apps/v1.mkl` → `apps` (the stdlib's own alias convention), `lib/web.mkl` → `web`.
 */
export function defaultQualifier(file: string): string {
  const parts = file.split(/[\\/]/);
  const k8s = parts.lastIndexOf("k8s");
  if (k8s >= 0 && k8s + 1 < parts.length - 1) return parts[k8s + 1].split(".")[0];
  return (parts.pop() ?? file).replace(/\.mkl$/, "");
}
