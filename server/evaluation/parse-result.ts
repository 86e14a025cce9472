// What every output parser returns: metrics without the layer prefix, or why it found nothing.
// `problems` are things the layer asked for and did not get; any problem makes the layer fail.
// `cutOff`: the parse was stopped at its time limit, so nothing was measured.
export type ParseResult = { found: true; metrics: Record<string, number>; problems: string[] } | { found: false; reason: string; cutOff?: boolean };
