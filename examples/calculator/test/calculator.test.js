// What the calculator must do. The goal forbids editing this file: the code has to change, not the tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { add, subtract, multiply, divide, average } from "../src/calculator.js";

test("add adds two numbers", () => {
  assert.equal(add(2, 3), 5);
});

test("subtract takes the second number from the first", () => {
  assert.equal(subtract(7, 4), 3);
});

test("multiply multiplies two numbers", () => {
  assert.equal(multiply(6, 7), 42);
});

test("divide divides the first number by the second", () => {
  assert.equal(divide(12, 4), 3);
});

test("divide refuses to divide by zero", () => {
  assert.throws(() => divide(1, 0), RangeError);
});

test("average is the mean of the values", () => {
  assert.equal(average([1, 2, 3, 6]), 3);
});
