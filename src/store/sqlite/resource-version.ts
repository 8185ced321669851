import { StoreError } from "../errors.js";

/** resourceVersion is opaque to clients but is the decimal revision number in this store. */
export function parseResourceVersion(value: string): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(value)) throw new StoreError("Invalid", `resourceVersion must be a decimal number, not ${JSON.stringify(value)}`);
  return Number(value);
}
