/**
 * MK2xxx: names and types, found by the checker before evaluation. Documented in
 * docs/diagnostics.md; a code never changes meaning once published.
 */
export const CheckCode = {
  unknownField: "MK2001",
  mismatchedTypes: "MK2002",
  missingField: "MK2003",
  notInEnum: "MK2004",
  unknownName: "MK2005",
  unknownType: "MK2006",
  unknownMember: "MK2007",
  duplicateDefinition: "MK2008",
  unusedImport: "MK2009",
  wrongArgumentCount: "MK2010",
  notCallable: "MK2011",
  badOperands: "MK2012",
  noSuchField: "MK2013",
  notIndexable: "MK2014",
  withNeedsRecords: "MK2015",
  conditionNotBool: "MK2016",
  notIterable: "MK2017",
  emitNotObject: "MK2018",
  badTypeOrAnnotation: "MK2019",
  unknownAnnotation: "MK2020",
  recursiveDefinition: "MK2021",
  notAValue: "MK2022",
  notASchema: "MK2023",
  duplicateField: "MK2024",
  badSpread: "MK2025",
} as const;
