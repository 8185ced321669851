import type { Span } from "../../diag/span.js";
import type { Quantity } from "./quantity.js";

/**
 * A runtime value of MKL.
 *
 * The common cases are plain JavaScript values so that the evaluator's hot path allocates nothing
 * extra: strings, booleans, null and ints (a JS number that is always an integer). The cases whose
 * output differs from a plain number or need more than JS offers are classes:
 *
 *   - FloatValue: a float, kept apart from ints because `2.0` and `2` print differently;
 *   - Quantity: a Kubernetes resource quantity (`500m`, `512Mi`), printed as a canonical string;
 *   - ListValue and RecordValue: ordered collections that also remember, per item or field, the
 *     source span that produced each element (a side table of spans, not a wrapper per scalar);
 *   - FunctionValue: user functions and builtins (values only so that `strings.upper` and module
 *     members can be looked up like fields; functions never reach the output).
 */
export type Value = string | number | boolean | null | FloatValue | Quantity | ListValue | RecordValue | FunctionValue | ModuleValue;

/** A float. Ints are plain JS numbers; a float is boxed so that `1.0` stays a float. */
export class FloatValue {
  constructor(readonly value: number) {}
}

/** A list; `spans[i]` is where item i came from (absent for computed lists without sources). */
export class ListValue {
  constructor(
    readonly items: Value[],
    readonly spans?: (Span | undefined)[],
    /** The expression that produced the list as a whole. */
    readonly span?: Span,
  ) {}

  get length(): number {
    return this.items.length;
  }
}

/** What a record knows about the schema it was instantiated from (for merge keys and messages). */
export interface RecordSchema {
  /** The schema's name as written in messages: `WebApp`, `apps.Deployment`. */
  readonly name: string;
  /** `@mergeKey("name")` (or several keys) on a list field of the schema. */
  mergeKeys(field: string): readonly string[] | undefined;
  /** The schema of a nested record field (or of the items of a list/map field), when it is one. */
  fieldSchema(field: string): RecordSchema | undefined;
}

/** Above this many fields a record builds a Map index for lookups; below, a linear scan is faster. */
const indexThreshold = 12;

/**
 * A record: fields in insertion (source) order with the span each field's value came from.
 * Records are immutable once built; `RecordBuilder` makes them.
 */
export class RecordValue {
  private index: Map<string, number> | undefined;

  constructor(
    readonly keys: string[],
    readonly values: Value[],
    readonly spans: (Span | undefined)[],
    /** The expression that produced the record. */
    readonly span?: Span,
    readonly schema?: RecordSchema,
  ) {}

  get size(): number {
    return this.keys.length;
  }

  indexOf(key: string): number {
    const keys = this.keys;
    if (keys.length <= indexThreshold) {
      for (let i = 0; i < keys.length; i++) if (keys[i] === key) return i;
      return -1;
    }
    let index = this.index;
    if (index === undefined) {
      index = new Map();
      for (let i = 0; i < keys.length; i++) index.set(keys[i], i);
      this.index = index;
    }
    return index.get(key) ?? -1;
  }

  has(key: string): boolean {
    return this.indexOf(key) >= 0;
  }

  /** The field's value, or undefined when the record has no such field. */
  get(key: string): Value | undefined {
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.values[i];
  }

  spanOf(key: string): Span | undefined {
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.spans[i];
  }

  withSchema(schema: RecordSchema | undefined, span?: Span): RecordValue {
    return new RecordValue(this.keys, this.values, this.spans, span ?? this.span, schema);
  }
}

/**
 * Builds a record field by field; setting a key twice keeps its first position and the last value.
 *
 * `from` starts from arrays built elsewhere; their key list may be shared with other records
 * (a record literal's field names), so it is copied before a new key is added. A slot whose
 * value is still `undefined` is not set yet.
 */
export class RecordBuilder {
  keys: string[];
  values: Value[];
  spans: (Span | undefined)[];
  private keysShared: boolean;
  private index: Map<string, number> | undefined;

  constructor() {
    this.keys = [];
    this.values = [];
    this.spans = [];
    this.keysShared = false;
  }

  /** A builder holding these fields (the arrays are taken over, not copied). */
  static from(keys: string[], values: Value[], spans: (Span | undefined)[]): RecordBuilder {
    const b = new RecordBuilder();
    b.keys = keys;
    b.values = values;
    b.spans = spans;
    b.keysShared = true;
    return b;
  }

  set(key: string, value: Value, span: Span | undefined): void {
    const i = this.find(key);
    if (i >= 0) {
      this.values[i] = value;
      this.spans[i] = span;
      return;
    }
    if (this.keysShared) {
      this.keys = this.keys.slice();
      this.keysShared = false;
    }
    this.index?.set(key, this.keys.length);
    this.keys.push(key);
    this.values.push(value);
    this.spans.push(span);
    if (this.index === undefined && this.keys.length > indexThreshold) {
      this.index = new Map();
      for (let j = 0; j < this.keys.length; j++) this.index.set(this.keys[j], j);
    }
  }

  /** Sets every field of `record`, in its order. */
  spread(record: RecordValue): void {
    for (let i = 0; i < record.keys.length; i++) this.set(record.keys[i], record.values[i], record.spans[i]);
  }

  has(key: string): boolean {
    const i = this.find(key);
    return i >= 0 && this.values[i] !== undefined;
  }

  get(key: string): Value | undefined {
    const i = this.find(key);
    return i < 0 ? undefined : this.values[i];
  }

  /** The value set for `key`, or undefined; with its index for `spanAt`. */
  indexOf(key: string): number {
    return this.find(key);
  }

  private find(key: string): number {
    if (this.index) return this.index.get(key) ?? -1;
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) return i;
    return -1;
  }

  build(span?: Span, schema?: RecordSchema): RecordValue {
    const values = this.values;
    for (let i = 0; i < values.length; i++) {
      if (values[i] === undefined) return this.compacted().build(span, schema);
    }
    return new RecordValue(this.keys, values, this.spans, span, schema);
  }

  /** The same fields without the slots that were never set. */
  private compacted(): RecordBuilder {
    const b = new RecordBuilder();
    for (let i = 0; i < this.keys.length; i++) if (this.values[i] !== undefined) b.set(this.keys[i], this.values[i], this.spans[i]);
    return b;
  }
}

/** The outcome of a builtin: a value, or a message for a runtime error at the call site. */
export type BuiltinResult = { ok: true; value: Value } | { ok: false; message: string; notes?: string[] };

/**
 * A function value. Builtins carry their implementation; user functions (`fn` declarations) are a
 * subclass defined by the evaluator, which alone knows how to run them.
 */
export class FunctionValue {
  constructor(
    /** `strings.upper`, `deployment`. */
    readonly name: string,
    readonly builtin?: (args: Value[]) => BuiltinResult,
  ) {}
}

/** An imported module or builtin namespace used as a value (`apps`, `strings`): its members by name. */
export class ModuleValue {
  constructor(
    readonly name: string,
    readonly members: ReadonlyMap<string, Value>,
  ) {}
}

export function makeList(items: Value[], spans?: (Span | undefined)[], span?: Span): ListValue {
  return new ListValue(items, spans, span);
}

export function makeRecord(entries: Iterable<readonly [string, Value]>, span?: Span): RecordValue {
  const b = new RecordBuilder();
  for (const [k, v] of entries) b.set(k, v, undefined);
  return b.build(span);
}

export function isInt(v: Value): v is number {
  return typeof v === "number";
}
