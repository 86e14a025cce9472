import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { findCycle, rotateCycle } from "../../server/dependencies/find-cycle";

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

// Kahn's algorithm: the graph reachable from `from` is acyclic when every node in it can be peeled off.
function acyclicFrom(edges: Map<string, string[]>, from: string[]): boolean {
  const reachable = new Set<string>();
  const stack = [...from];
  while (stack.length) {
    const node = stack.pop()!;
    if (reachable.has(node)) continue;
    reachable.add(node);
    stack.push(...(edges.get(node) ?? []));
  }
  const incoming = new Map([...reachable].map((node) => [node, 0]));
  for (const node of reachable) for (const next of edges.get(node) ?? []) incoming.set(next, incoming.get(next)! + 1);
  const ready = [...reachable].filter((node) => incoming.get(node) === 0);
  let peeled = 0;
  while (ready.length) {
    const node = ready.pop()!;
    peeled++;
    for (const next of edges.get(node) ?? []) {
      incoming.set(next, incoming.get(next)! - 1);
      if (incoming.get(next) === 0) ready.push(next);
    }
  }
  return peeled === reachable.size;
}

test("a goal naming itself is a cycle of one", () => {
  assert.deepEqual(findCycle(graph({ a: ["a"] }), ["a"]), ["a", "a"]);
});

test("two goals naming each other are a cycle, told from the goal being applied", () => {
  const cycle = findCycle(graph({ a: ["b"], b: ["a"] }), ["b"]);
  assert.deepEqual(cycle, ["b", "a", "b"]);
  assert.deepEqual(rotateCycle(["a", "b", "c", "a"], ["c"]), ["c", "a", "b", "c"]);
});

test("a diamond and names of goals that do not exist are not cycles", () => {
  assert.equal(findCycle(graph({ top: ["left", "right"], left: ["bottom"], right: ["bottom", "missing"] }), ["top"]), null);
});

test("a chain of 20,000 goals is checked without overflowing the stack", () => {
  const edges = new Map(Array.from({ length: 20_000 }, (_, i) => [`g${i}`, [`g${i + 1}`]]));
  assert.equal(findCycle(edges, ["g0"]), null);
  edges.set("g20000", ["g0"]);
  assert.equal(findCycle(edges, ["g0"])?.length, 20_002);
});

test("findCycle finds a cycle exactly when there is one, and what it returns is a real cycle", () => {
  const names = ["a", "b", "c", "d", "e", "f"];
  const arbitraryGraph = fc.dictionary(fc.constantFrom(...names), fc.array(fc.constantFrom(...names, "ghost"), { maxLength: 3 }));
  fc.assert(
    fc.property(arbitraryGraph, fc.subarray(names, { minLength: 1 }), (record, from) => {
      const edges = graph(record);
      const cycle = findCycle(edges, from);
      assert.equal(cycle === null, acyclicFrom(edges, from));
      if (cycle) {
        assert.equal(cycle[0], cycle[cycle.length - 1]);
        for (let i = 0; i + 1 < cycle.length; i++) assert.ok(edges.get(cycle[i])?.includes(cycle[i + 1]), `${cycle[i]} → ${cycle[i + 1]} is an edge`);
      }
    }),
    { numRuns: 500 },
  );
});
