// One timer that fires at the earliest time asked of it: asking for a later time leaves it as it is, an earlier
// one moves it forward. The runner's approval sweep and its next due time each keep one, instead of a timer per
// request (or per slot).
export class EarliestTimer {
  private timer: NodeJS.Timeout | undefined;
  private at = Infinity;

  constructor(private readonly fire: () => void) {}

  // In ms from now, capped to what setTimeout can wait.
  request(inMs: number): void {
    const at = Date.now() + Math.min(Math.max(inMs, 0), 2 ** 31 - 1);
    if (this.timer && at >= this.at) return;
    clearTimeout(this.timer);
    this.at = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.at = Infinity;
      this.fire();
    }, at - Date.now());
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.at = Infinity;
  }
}
