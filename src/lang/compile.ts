import { hasErrors, sortDiagnostics, type Diagnostic } from "../diag/diagnostic.js";
import type { SourceLocator, Span } from "../diag/span.js";
import type { JsonObject } from "../schema/json.js";
import { checkProgram } from "./check/check-program.js";
import { checkProgramInput } from "./check/from-loader.js";
import { evaluateProgram } from "./eval/program.js";
import { loadProgram, type LoadedProgram } from "./modules/loader.js";
import { ValueLocator } from "./values/locator.js";
import { recordToJson } from "./values/to-json.js";
import type { RecordValue } from "./values/value.js";

export interface CompileOptions {
  /** The entry file, or a directory holding `main.mkl`. */
  entry: string;
  /** The project root (default: the entry file's directory); imports may not leave it. */
  root?: string;
  /** `-p name=value` pairs, parsed by each param's declared type. */
  params?: Readonly<Record<string, string>>;
  /** Default: the package's stdlib/ folder. */
  stdlibRoot?: string;
  /** File names in diagnostics are relative to this directory (default: the current directory). */
  displayBase?: string;
}

/** One emitted Kubernetes object. */
export interface CompiledObject {
  /** The object as plain JSON, what the schema layer validates (made afresh on each read: read it once). */
  readonly value: JsonObject;
  /** Maps a field path of `value` to the MKL expression that produced it. */
  locator: SourceLocator;
  /** The expression that made the object. */
  span: Span;
  /** The evaluated value (field order, int/float, quantities), what the YAML/JSON writers print. */
  record: RecordValue;
}

export interface CompileResult {
  objects: CompiledObject[];
  diagnostics: Diagnostic[];
  /** Source text by the file names used in spans, for rendering diagnostics. */
  sources: Map<string, string>;
}

/**
 * A CompiledObject whose plain JSON form is made on each read of `value`, not kept: printing does
 * not need it, and validation reads it once per object and drops it, so ten thousand objects do
 * not hold a second copy of themselves in memory for the rest of the compile.
 */
class EmittedObject implements CompiledObject {
  readonly locator: SourceLocator;

  constructor(
    readonly record: RecordValue,
    readonly span: Span,
  ) {
    this.locator = new ValueLocator(record, span);
  }

  get value(): JsonObject {
    return recordToJson(this.record);
  }
}

/**
 * Compiles an MKL project: load (parse every module once, resolve imports), check types, and
 * evaluate, stopping after a stage that found errors. Objects come in emission order.
 */
export function compileProject(options: CompileOptions): CompileResult {
  const checked = loadAndCheck(options);
  if (!checked.ok) return { objects: [], diagnostics: checked.diagnostics, sources: checked.sources };
  const evaluated = evaluateProgram(checked.loaded, options.params ?? {});
  const objects = evaluated.objects.map((o): CompiledObject => new EmittedObject(o.record, o.span));
  return { objects, diagnostics: [...checked.diagnostics, ...evaluated.diagnostics], sources: checked.sources };
}

/** What `compileProjectEach` returns: the objects went to its callback. */
export interface CompileSummary {
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
  /** How many objects were handed over. */
  objectCount: number;
}

/**
 * The same compile, handing each object to `onObject` as soon as it is evaluated instead of
 * collecting them (see `evaluateProgram`): a caller that validates and prints objects one by one
 * holds only what it keeps of each, so memory does not grow with the records of every object.
 * When evaluation fails, objects made before the failure have been handed over already: callers
 * check the diagnostics before using what they kept.
 */
export function compileProjectEach(options: CompileOptions, onObject: (object: CompiledObject) => void): CompileSummary {
  const checked = loadAndCheck(options);
  if (!checked.ok) return { diagnostics: checked.diagnostics, sources: checked.sources, objectCount: 0 };
  let objectCount = 0;
  const evaluated = evaluateProgram(checked.loaded, options.params ?? {}, (o) => {
    objectCount++;
    onObject(new EmittedObject(o.record, o.span));
  });
  return { diagnostics: [...checked.diagnostics, ...evaluated.diagnostics], sources: checked.sources, objectCount };
}

type Checked = { ok: true; loaded: LoadedProgram; diagnostics: Diagnostic[]; sources: Map<string, string> } | { ok: false; diagnostics: Diagnostic[]; sources: Map<string, string> };

/** Loading and type checking, the stages before evaluation; errors there stop the compile (sorted). */
function loadAndCheck(options: CompileOptions): Checked {
  const loaded = loadProgram(options);
  const sources = loaded.sources;
  if (hasErrors(loaded.diagnostics) || !loaded.entry) return { ok: false, diagnostics: sortDiagnostics(loaded.diagnostics), sources };
  const checked = checkProgram(checkProgramInput(loaded));
  const early = [...loaded.diagnostics, ...checked.diagnostics];
  if (hasErrors(early)) return { ok: false, diagnostics: sortDiagnostics(early), sources };
  return { ok: true, loaded, diagnostics: early, sources };
}
