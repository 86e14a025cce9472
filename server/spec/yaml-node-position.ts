// Finds the line and column a field path points to in a parsed YAML document, so an error can name
// the line the user has to change rather than only a path.
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode, type Pair } from "yaml";

export type Position = { line: number; column: number };

// A value that exists: a scalar or flow value's own position, a block collection's key line (the
// collection itself starts a line later). A key that is missing: the mapping that should hold it.
// With `pointAtKey`, the last segment names a key whose own position is wanted (an unknown key).
export function positionOfPath(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[], pointAtKey = false): Position | null {
  let node: YamlNode | null = (doc.contents as YamlNode | null) ?? null;
  let holder: Pair | null = null;
  for (let index = 0; index < path.length; index++) {
    const pair = childPair(node, path[index]);
    if (!pair) return positionOfValue(node, holder, lineCounter) ?? documentStart(doc, lineCounter);
    if (pointAtKey && index === path.length - 1 && pair.kind === "pair") return offsetPosition(rangeStart(pair.pair.key), lineCounter);
    holder = pair.kind === "pair" ? pair.pair : null;
    node = pair.value;
  }
  return positionOfValue(node, holder, lineCounter) ?? documentStart(doc, lineCounter);
}

type Child = { kind: "pair"; pair: Pair; value: YamlNode | null } | { kind: "item"; value: YamlNode | null };

function childPair(node: YamlNode | null, segment: PropertyKey): Child | null {
  if (isMap(node)) {
    const pair = node.items.find((item) => keyText(item.key) === String(segment));
    return pair ? { kind: "pair", pair: pair as Pair, value: asNode(pair.value) } : null;
  }
  if (isSeq(node) && typeof segment === "number" && segment >= 0 && segment < node.items.length) {
    return { kind: "item", value: asNode(node.items[segment]) };
  }
  return null;
}

function positionOfValue(node: YamlNode | null, holder: Pair | null, lineCounter: LineCounter): Position | null {
  const blockCollection = (isMap(node) || isSeq(node)) && !node.flow;
  const emptyValue = !node || (isScalar(node) && node.value === null && node.source === "");
  if (holder && (blockCollection || emptyValue)) return offsetPosition(rangeStart(holder.key), lineCounter) ?? offsetPosition(rangeStart(node), lineCounter);
  return offsetPosition(rangeStart(node), lineCounter);
}

function keyText(key: unknown): string | null {
  if (isScalar(key)) return String(key.value);
  if (key === null || key === undefined) return null;
  return typeof key === "object" ? null : String(key);
}

function asNode(value: unknown): YamlNode | null {
  return value && typeof value === "object" && "range" in value ? (value as YamlNode) : null;
}

function rangeStart(node: unknown): number | null {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : null;
}

function offsetPosition(offset: number | null, lineCounter: LineCounter): Position | null {
  if (offset === null) return null;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function documentStart(doc: Document, lineCounter: LineCounter): Position | null {
  return offsetPosition(doc.range?.[0] ?? null, lineCounter);
}
