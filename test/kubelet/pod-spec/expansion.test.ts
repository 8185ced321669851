import { test } from "node:test";
import assert from "node:assert/strict";
import { expandVariables } from "../../../src/kubelet/pod-spec/expansion.js";

const vars: Record<string, string> = { GREETING: "hello", NAME: "web", EMPTY: "" };
const lookup = (n: string) => vars[n];

test("$(VAR) is replaced by defined variables, kept as written when undefined", () => {
  assert.equal(expandVariables("$(GREETING), $(NAME)!", lookup), "hello, web!");
  assert.equal(expandVariables("x$(MISSING)y", lookup), "x$(MISSING)y");
  assert.equal(expandVariables("[$(EMPTY)]", lookup), "[]");
});

test("$$ escapes: $$(VAR) is the literal $(VAR), $$ alone one dollar", () => {
  assert.equal(expandVariables("$$(GREETING)", lookup), "$(GREETING)");
  assert.equal(expandVariables("cost: $$5", lookup), "cost: $5");
  assert.equal(expandVariables("$$$(NAME)", lookup), "$web");
});

test("a lone $, $ followed by other text or an unclosed $( stays as written", () => {
  assert.equal(expandVariables("$", lookup), "$");
  assert.equal(expandVariables("a$", lookup), "a$");
  assert.equal(expandVariables("$HOME/$(NAME)", lookup), "$HOME/web");
  assert.equal(expandVariables("$(NAME", lookup), "$(NAME");
  assert.equal(expandVariables("$(NAME)$(", lookup), "web$(");
});

test("expansion is not recursive: a value holding $(X) is not expanded again", () => {
  assert.equal(expandVariables("$(A)", (n) => (n === "A" ? "$(B)" : n === "B" ? "no" : undefined)), "$(B)");
});
