// evaluation.protect: globs of the goal's harness (tests, the test runner's and linter's configuration, CI
// files) that every measurement reads as they were at the goal's starting commit, whatever the agent did.
import { list, SPEC_LIMITS, text } from "./spec-limits";

// Its count is a metric of its own, named like a layer's: protect.violations.
export const PROTECT_METRIC_LAYER = "protect";
export const PROTECT_VIOLATIONS_METRIC = `${PROTECT_METRIC_LAYER}.violations`;

// What the form's suggestion button and the examples propose: tests, the test runner's and the linter's
// configuration, the package manifest (its scripts say what `npm test` runs) and CI files.
export const SUGGESTED_PROTECT = [
  "test/**",
  "tests/**",
  "__tests__/**",
  "package.json",
  "package-lock.json",
  "jest.config.*",
  "vitest.config.*",
  "playwright.config.*",
  ".eslintrc*",
  "eslint.config.*",
  ".github/**",
];

const glob = text()
  .min(1, "must be a glob, e.g. 'test/**'")
  .refine((written) => !written.startsWith("/"), "must be relative to the repository's top folder, e.g. 'test/**'")
  .refine((written) => !written.split("/").includes(".."), "must not climb out of the repository with '..'");

export const protectSchema = list(glob, SPEC_LIMITS.paths, "paths").default([]);
