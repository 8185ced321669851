/** Stable codes of schema validation (docs/diagnostics.md, "MK4xxx schema"). */
export const SchemaCode = {
  /** A check the other codes do not cover (a schema keyword mk does not explain yet). */
  Other: "MK4000",
  MissingApiVersion: "MK4001",
  MissingKind: "MK4002",
  UnknownKind: "MK4003",
  RemovedApiVersion: "MK4004",
  UnknownField: "MK4005",
  MissingField: "MK4006",
  WrongType: "MK4007",
  NotInEnum: "MK4008",
  BadFormat: "MK4009",
  OutOfRange: "MK4010",
} as const;
