import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { error, hasErrors, sortDiagnostics, type Diagnostic } from "../../diag/diagnostic.js";
import type { Span } from "../../diag/span.js";
import { compileProject } from "../../lang/compile.js";
import type { JsonObject } from "../../schema/json.js";
import { PlanCode } from "../../plan/codes.js";
import { collectManifestFiles, displayPath } from "./collect-files.js";
import { readManifestObjects, type ManifestInput } from "./validate-manifests.js";
import { validateLocatedObjects } from "./validate-objects.js";

export interface LoadConfigurationOptions {
  /** The project directory: `main.mkl` in it, or else the YAML/JSON manifests under it. */
  dir: string;
  /** `-p NAME=VALUE` (MKL projects only). */
  params?: Readonly<Record<string, string>>;
  /** File names in diagnostics are relative to this directory (default: the current directory). */
  displayBase?: string;
  /** Renames the files in diagnostics and sources (`main:web/main.mkl` for a git revision). */
  label?: (file: string) => string;
}

export interface LoadedConfiguration {
  /** The validated objects, in emission (or file) order; empty when there are errors. */
  objects: JsonObject[];
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
  /** What the directory held. */
  source: "mkl" | "manifests";
}

/**
 * The desired objects of a configuration, through the same validation `mk check` and `mk validate`
 * do: an MKL project compiles `DIR/main.mkl`; a directory without one is read as plain manifests.
 * Objects come back only when there is no error.
 */
export function loadConfiguration(options: LoadConfigurationOptions): LoadedConfiguration {
  const loaded = existsSync(join(options.dir, "main.mkl")) ? loadMkl(options) : loadManifests(options);
  if (!options.label) return loaded;
  const label = options.label;
  const relabel = (span: Span | undefined): Span | undefined => (span ? { ...span, file: label(span.file) } : span);
  return {
    ...loaded,
    diagnostics: loaded.diagnostics.map((d) => ({ ...d, span: relabel(d.span), secondary: d.secondary?.map((s) => ({ ...s, span: relabel(s.span) as Span })) })),
    sources: new Map([...loaded.sources].map(([file, text]) => [label(file), text])),
  };
}

function loadMkl(options: LoadConfigurationOptions): LoadedConfiguration {
  const compiled = compileProject({ entry: options.dir, params: options.params ?? {}, displayBase: options.displayBase });
  const diagnostics = [...compiled.diagnostics];
  if (!hasErrors(diagnostics)) for (const verdict of validateLocatedObjects(compiled.objects)) diagnostics.push(...verdict.diagnostics);
  const objects = hasErrors(diagnostics) ? [] : compiled.objects.map((o) => o.value);
  return { objects, diagnostics: sortDiagnostics(diagnostics), sources: compiled.sources, source: "mkl" };
}

function loadManifests(options: LoadConfigurationOptions): LoadedConfiguration {
  const sources = new Map<string, string>();
  const base = options.displayBase ?? process.cwd();
  if (!existsSync(options.dir) || !statSync(options.dir).isDirectory()) {
    return { objects: [], diagnostics: [error("MK6007", `cannot read \`${displayPath(options.dir, base)}\`: no such directory`)], sources, source: "manifests" };
  }
  const params = Object.keys(options.params ?? {});
  if (params.length > 0) {
    return {
      objects: [],
      diagnostics: [error(PlanCode.ConflictingOptions, `-p ${params[0]}=... sets a param of an MKL project, but ${displayPath(options.dir, base)} has no main.mkl`, { help: ["plain YAML manifests have no params; drop -p, or plan the MKL project"] })],
      sources,
      source: "manifests",
    };
  }
  const { files } = collectManifestFiles([options.dir]);
  const inputs: ManifestInput[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const name = displayPath(file, base);
    try {
      const text = readFileSync(file, "utf8");
      sources.set(name, text);
      inputs.push({ file: name, text });
    } catch (e) {
      diagnostics.push(error("MK6007", `cannot read \`${name}\`: ${(e as NodeJS.ErrnoException).code ?? String(e)}`));
    }
  }
  if (files.length === 0) {
    diagnostics.push(
      error(PlanCode.NoConfiguration, `${displayPath(options.dir, base)} holds no configuration: no main.mkl and no YAML or JSON manifests`, {
        help: ["point mkplan at an MKL project (a directory with main.mkl) or at a directory of Kubernetes manifests"],
      }),
    );
  }
  const read = readManifestObjects(inputs);
  diagnostics.push(...read.fileDiagnostics);
  for (const verdict of validateLocatedObjects(read.objects)) diagnostics.push(...verdict.diagnostics);
  const objects = hasErrors(diagnostics) ? [] : read.objects.map((o) => o.value);
  return { objects, diagnostics: sortDiagnostics(diagnostics), sources, source: "manifests" };
}
