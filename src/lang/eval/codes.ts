/**
 * MK3xxx: problems found while loading modules and evaluating MKL. Documented in
 * docs/diagnostics.md; a code never changes meaning once published.
 */
export const EvalCode = {
  importNotFound: "MK3001",
  importOutsideRoot: "MK3002",
  importCycle: "MK3003",
  importInvalidData: "MK3004",
  importUnsupported: "MK3005",
  fileUnreadable: "MK3006",
  divisionByZero: "MK3010",
  checkFailed: "MK3011",
  indexOutOfRange: "MK3012",
  missingField: "MK3013",
  wrongType: "MK3014",
  unknownParam: "MK3015",
  invalidParam: "MK3016",
  missingParam: "MK3017",
  builtinFailed: "MK3018",
  intOverflow: "MK3019",
  notAnObject: "MK3020",
  recursiveDefinition: "MK3021",
  recursionTooDeep: "MK3022",
  nullAccess: "MK3023",
  duplicateKey: "MK3024",
  schemaField: "MK3026",
  badCall: "MK3027",
  invalidValue: "MK3029",
  emitIgnored: "MK3030",
  unknownName: "MK3031",
} as const;

export type EvalCodeValue = (typeof EvalCode)[keyof typeof EvalCode];
