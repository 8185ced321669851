/**
 * The string formats Kubernetes enforces when it decodes an object, as regular expressions. The
 * generator compiles them into the standalone validators; schema validation names them in messages.
 */

/** resource.Quantity: a signed decimal number with an optional binary-SI, decimal-SI or exponent suffix. */
export const QUANTITY_PATTERN = "^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$";

/** meta/v1 Time and MicroTime: RFC 3339, as Go's time.RFC3339 parses it. */
export const DATE_TIME_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?(?:Z|z|[+-][0-9]{2}:[0-9]{2})$";

/** `format: byte`: standard padded base64; Go's decoder skips line breaks, so they may appear anywhere. */
export const BASE64_PATTERN =
  "^(?:(?:[A-Za-z0-9+/][\\r\\n]*){4})*(?:(?:[A-Za-z0-9+/][\\r\\n]*){2}==|(?:[A-Za-z0-9+/][\\r\\n]*){3}=)?[\\r\\n]*$";

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
