import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * chevrotain's package entry (lib/src/api.js) imports about 640 lodash-es modules, which costs
 * hundreds of milliseconds at every start of `mk`. The same package ships a self-contained ES
 * module build (lib/chevrotain.mjs) that loads in a few tens of milliseconds, but its `exports`
 * map does not expose it, so it is found next to the entry the map does expose. Types still come
 * from the package itself.
 */
type Chevrotain = typeof import("chevrotain");

const entry = createRequire(import.meta.url).resolve("chevrotain");
const bundled = join(dirname(entry), "..", "chevrotain.mjs");
const chevrotain = (await import(pathToFileURL(bundled).href)) as Chevrotain;

export const { EOF, createToken, Lexer, EmbeddedActionsParser } = chevrotain;
