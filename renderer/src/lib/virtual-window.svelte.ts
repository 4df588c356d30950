/**
 * The visible window of a long list with a fixed row height (the dialog list, the ladder): only
 * the rows in view (and a few around) are in the DOM, whatever the total. Also the list's keyboard
 * (WAI-ARIA listbox pattern): arrows, Home/End, PageUp/PageDown move the active row and scroll it
 * into view.
 */
export class VirtualWindow {
  scrollTop = $state(0);
  height = $state(400);
  total = $state(0);
  active = $state(0);
  readonly row: number;
  readonly overscan: number;

  constructor(row: number, overscan = 6) {
    this.row = row;
    this.overscan = overscan;
  }

  get first(): number {
    return Math.max(0, Math.floor(this.scrollTop / this.row) - this.overscan);
  }

  get last(): number {
    return Math.min(this.total, Math.ceil((this.scrollTop + this.height) / this.row) + this.overscan);
  }

  get perPage(): number {
    return Math.max(1, Math.floor(this.height / this.row) - 1);
  }

  /** A navigation key: moves the active row and scrolls `el`; false for other keys. */
  key(event: KeyboardEvent, el: HTMLElement): boolean {
    const last = this.total - 1;
    const moves: Record<string, number> = { ArrowDown: this.active + 1, ArrowUp: this.active - 1, PageDown: this.active + this.perPage, PageUp: this.active - this.perPage, Home: 0, End: last };
    const to = moves[event.key];
    if (to === undefined || this.total === 0) return false;
    event.preventDefault();
    this.moveTo(Math.max(0, Math.min(last, to)), el);
    return true;
  }

  moveTo(index: number, el: HTMLElement): void {
    this.active = index;
    const top = index * this.row;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + this.row > el.scrollTop + el.clientHeight) el.scrollTop = top + this.row - el.clientHeight;
    this.scrollTop = el.scrollTop;
  }
}
