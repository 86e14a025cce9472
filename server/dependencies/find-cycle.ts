// Pure: a cycle among goals' dependsOn edges, reachable from `from`, as the path that closes it
// (["a", "b", "a"]), or null. Iterative, so a long chain of goals cannot overflow the stack.
export function findCycle(edges: ReadonlyMap<string, readonly string[]>, from: readonly string[]): string[] | null {
  const finished = new Set<string>();
  for (const start of from) {
    if (finished.has(start)) continue;
    const path = [start];
    const onPath = new Set(path);
    const cursors = [0];
    while (path.length > 0) {
      const node = path[path.length - 1];
      const next = (edges.get(node) ?? [])[cursors[cursors.length - 1]++];
      if (next === undefined) {
        finished.add(node);
        onPath.delete(node);
        path.pop();
        cursors.pop();
      } else if (onPath.has(next)) {
        return [...path.slice(path.indexOf(next)), next];
      } else if (!finished.has(next)) {
        path.push(next);
        onPath.add(next);
        cursors.push(0);
      }
    }
  }
  return null;
}

// The same cycle told from the first of `preferred` on it (the goal being applied), so the message
// starts where the person's change is.
export function rotateCycle(cycle: readonly string[], preferred: readonly string[]): string[] {
  const ring = cycle.slice(0, -1);
  const at = ring.findIndex((name) => preferred.includes(name));
  if (at <= 0) return [...cycle];
  const rotated = [...ring.slice(at), ...ring.slice(0, at)];
  return [...rotated, rotated[0]];
}
