import type { FieldInfo, KindInfo, ListType, ObjectTypeInfo, TypeRef } from "../../src/schema/api-model-types.js";
import { apiVersionOf } from "../../src/schema/kinds.js";
import type { DiscoveredKind } from "./discover-kinds.js";
import { enumFromDescription } from "./enum-from-description.js";
import { moduleOfDefinition } from "./module-names.js";
import { refName, type OpenApiDocument, type SchemaObject } from "./openapi.js";

/**
 * Description enums that read as closed but are not: the apiserver accepts more values than the
 * prose lists. Keyed by "<definition>.<field>".
 */
const NOT_ENUMS: Readonly<Record<string, string>> = {
  // kubelets also report InternalDNS and ExternalDNS addresses.
  "io.k8s.api.core.v1.NodeAddress.type": "NodeAddressType has five values",
};

export interface BuiltModel {
  kinds: KindInfo[];
  types: Record<string, ObjectTypeInfo>;
  /** "<definition>.<field>: A | B" for every enum read from a description, for review. */
  enumReport: string[];
}

interface Context {
  owner: string;
  field: string;
}

function pascal(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join("") || "Field";
}

/**
 * Turns the definitions reachable from the kinds into the API model: object types with typed fields,
 * required fields, enums, formats, descriptions and list merge keys. Definitions that are scalars
 * (Time, Quantity, IntOrString) are inlined where they are used; inline object schemas (CRDs publish
 * their nested types inline) get names of their own, `<Parent><Field>`.
 */
export function buildModel(doc: OpenApiDocument, kinds: readonly DiscoveredKind[]): BuiltModel {
  const types: Record<string, ObjectTypeInfo> = {};
  const enumReport: string[] = [];
  const queue: { name: string; schema: SchemaObject; module?: string; shortName?: string; group?: string }[] = [];
  const queued = new Set<string>();
  const shortNamesByModule = new Map<string, Set<string>>();

  function uniqueShortName(module: string, wanted: string): string {
    let names = shortNamesByModule.get(module);
    if (!names) shortNamesByModule.set(module, (names = new Set()));
    let name = wanted;
    for (let i = 2; names.has(name); i++) name = `${wanted}${i}`;
    names.add(name);
    return name;
  }

  function enqueueDefinition(name: string, group?: string): void {
    if (queued.has(name)) return;
    queued.add(name);
    queue.push({ name, schema: doc.definitions[name] ?? {}, group });
  }

  /** Definitions without fields (Time, Quantity, IntOrString, FieldsV1) are inlined as the value type they stand for. */
  function scalarDefinition(name: string, def: SchemaObject, ctx: Context): TypeRef | undefined {
    if (name.endsWith(".api.resource.Quantity")) return { kind: "quantity" };
    if (def.properties && Object.keys(def.properties).length > 0) return undefined;
    return typeOf(def, ctx);
  }

  function stringType(schema: SchemaObject, ctx: Context): TypeRef {
    const t: TypeRef = { kind: "string" };
    if (schema.format && schema.format !== "") t.format = schema.format;
    const declared = schema.enum?.filter((v): v is string => typeof v === "string");
    if (declared && declared.length > 0) {
      t.enum = declared;
      return t;
    }
    const key = `${ctx.owner}.${ctx.field}`;
    const fromText = NOT_ENUMS[key] ? undefined : enumFromDescription(schema.description);
    if (fromText) {
      t.enum = fromText;
      enumReport.push(`${key}: ${fromText.join(" | ")}`);
    }
    return t;
  }

  function inlineObjectName(ctx: Context, suffix: string): string {
    return `${ctx.owner}${pascal(ctx.field)}${suffix}`;
  }

  function typeOf(schema: SchemaObject, ctx: Context, suffix = ""): TypeRef {
    if (schema.$ref) {
      const name = refName(schema.$ref);
      const def = doc.definitions[name];
      if (!def) return { kind: "any" };
      const scalar = scalarDefinition(name, def, ctx);
      if (scalar) return scalar;
      enqueueDefinition(name);
      return { kind: "ref", name };
    }
    if (schema["x-kubernetes-int-or-string"] || schema.format === "int-or-string") return { kind: "int-or-string" };
    switch (schema.type) {
      case "string":
        return stringType(schema, ctx);
      case "integer":
        return schema.format === "int32" || schema.format === "int64" ? { kind: "int", format: schema.format } : { kind: "int" };
      case "number":
        return schema.format ? { kind: "float", format: schema.format } : { kind: "float" };
      case "boolean":
        return { kind: "bool" };
      case "array":
        return { kind: "list", items: schema.items ? typeOf(schema.items, ctx, `${suffix}Item`) : { kind: "any" } };
      case "object":
      case undefined: {
        if (schema.properties && Object.keys(schema.properties).length > 0) {
          const name = inlineObjectName(ctx, suffix);
          if (!queued.has(name)) {
            queued.add(name);
            // The owner is always a type already being filled in: fields are read after their type is registered.
            const owner = types[ctx.owner];
            queue.push({ name, schema, module: owner.module, shortName: `${owner.shortName}${pascal(ctx.field)}${suffix}` });
          }
          return { kind: "ref", name };
        }
        if (schema["x-kubernetes-preserve-unknown-fields"]) return { kind: "any" };
        if (schema.additionalProperties === true) return { kind: "map", values: { kind: "any" } };
        if (typeof schema.additionalProperties === "object") return { kind: "map", values: typeOf(schema.additionalProperties, ctx, `${suffix}Value`) };
        if (schema.items) return { kind: "list", items: typeOf(schema.items, ctx, `${suffix}Item`) };
        // A free-form object (FieldsV1, RawExtension) or a schema that says nothing.
        return schema.type === "object" ? { kind: "map", values: { kind: "any" } } : { kind: "any" };
      }
      default:
        return { kind: "any" };
    }
  }

  function fieldOf(schema: SchemaObject, required: boolean, ctx: Context): FieldInfo {
    const field: FieldInfo = { type: typeOf(schema, ctx), required };
    if (schema.description) field.description = schema.description;
    if (schema["x-kubernetes-patch-merge-key"]) field.patchMergeKey = schema["x-kubernetes-patch-merge-key"];
    if (schema["x-kubernetes-patch-strategy"]) field.patchStrategy = schema["x-kubernetes-patch-strategy"];
    const listType = schema["x-kubernetes-list-type"];
    if (listType === "atomic" || listType === "set" || listType === "map") field.listType = listType as ListType;
    if (schema["x-kubernetes-list-map-keys"]?.length) field.listMapKeys = [...schema["x-kubernetes-list-map-keys"]];
    return field;
  }

  const kindInfos: KindInfo[] = [];
  const gvkByDefinition = new Map<string, DiscoveredKind>();
  for (const k of kinds) {
    gvkByDefinition.set(k.definition, k);
    enqueueDefinition(k.definition, k.group);
  }

  while (queue.length > 0) {
    const item = queue.shift()!;
    const gvk = gvkByDefinition.get(item.name);
    const names = item.module ? { module: item.module, shortName: item.shortName ?? item.name } : moduleOfDefinition(item.name, item.group);
    const info: ObjectTypeInfo = { name: item.name, module: names.module, shortName: uniqueShortName(names.module, names.shortName), fields: {} };
    if (item.schema.description) info.description = item.schema.description;
    if (item.schema["x-kubernetes-preserve-unknown-fields"]) info.open = true;
    if (gvk) info.gvk = { apiVersion: apiVersionOf(gvk.group, gvk.version), kind: gvk.kind };
    types[item.name] = info;
    const required = new Set(item.schema.required ?? []);
    for (const [field, schema] of Object.entries(item.schema.properties ?? {})) {
      info.fields[field] = fieldOf(schema, required.has(field), { owner: item.name, field });
    }
  }

  for (const k of kinds) {
    const type = types[k.definition];
    kindInfos.push({
      group: k.group,
      version: k.version,
      apiVersion: apiVersionOf(k.group, k.version),
      kind: k.kind,
      namespaced: k.namespaced,
      plural: k.plural,
      type: k.definition,
      module: type.module,
    });
  }

  const sorted: Record<string, ObjectTypeInfo> = {};
  for (const name of Object.keys(types).sort()) sorted[name] = types[name];
  return { kinds: kindInfos, types: sorted, enumReport: enumReport.sort() };
}
