import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../src/patch.js';
import type { PatchOperation } from '../src/types.js';

interface Case {
  comment?: string;
  doc: unknown;
  patch: PatchOperation[];
  expected?: unknown;
  error?: string;
  disabled?: boolean;
}

const require = createRequire(import.meta.url);
const suites: Record<string, Case[]> = {
  tests: require('json-patch-test-suite/tests.json'),
  spec_tests: require('json-patch-test-suite/spec_tests.json'),
};

// RFC 6902 conformance: the community test suite (json-patch-test-suite), every enabled case
describe.each(Object.entries(suites))('json-patch-test-suite %s', (_name, cases) => {
  const enabled = cases.filter((c) => !c.disabled && (c.expected !== undefined || c.error !== undefined));
  it.each(enabled.map((c, i) => [c.comment ?? c.error ?? `case ${i}`, c] as const))('%s', (_comment, c) => {
    const before = structuredClone(c.doc);
    if (c.error !== undefined) {
      expect(() => applyPatch(c.doc, c.patch)).toThrow();
    } else {
      expect(applyPatch(c.doc, c.patch)).toEqual(c.expected);
    }
    expect(c.doc, 'the input is left as it was').toEqual(before);
  });
});
