// Requests from files in flight together, held until every file that said it
// would make one has made it (or left), then handed over together, grouped by
// what can share an outside process: scans' pages share a tesseract process
// (ocr/gather.ts), files for LibreOffice share its runs (libreoffice.ts).
// A file with two requests at once counts twice, so the barrier may open a
// little early: less shared, never a wait for nothing.
export class Barrier<R> {
  private expected = 0;
  private waiting: R[] = [];

  /** `keyOf`: requests with the same key go out together, to `release`. */
  constructor(
    private readonly keyOf: (r: R) => string,
    private readonly release: (group: R[]) => void,
  ) {}

  /** A file that will (or may) make a request: requests wait for it until the
   * returned function is called, or until it makes its own. */
  expect(): () => void {
    this.expected++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.expected--;
      this.open();
    };
  }

  /** Whether requests are held now (some file said it will make one). */
  get holding(): boolean {
    return this.expected > 0;
  }

  add(r: R): void {
    this.waiting.push(r);
    this.open();
  }

  private open(): void {
    if (this.waiting.length === 0 || this.waiting.length < this.expected) return;
    const all = this.waiting;
    this.waiting = [];
    const groups = new Map<string, R[]>();
    for (const r of all) {
      const key = this.keyOf(r);
      const g = groups.get(key);
      if (g) g.push(r);
      else groups.set(key, [r]);
    }
    for (const g of groups.values()) this.release(g);
  }
}
