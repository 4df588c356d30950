import { ContractError } from '../../../shared/contract/errors.js';
import type { VirtualWindow } from './virtual-window.svelte.js';

/** Calls that time out while the engine still builds a big capture's index are asked again: the
 * engine keeps building and the repeated call joins that build (ladder-service.ts). */
const RETRIES_ON_TIMEOUT = 40;
const KEEP_PAGES = 8;
/**
 * Pages asked for at once. A fast scroll passes many pages in a few frames: those it left before
 * a slot was free are never fetched (nor validated and drawn for nothing); when an answer comes,
 * the pages then in view are asked for.
 */
const MAX_IN_FLIGHT = 2;
/**
 * A list moving faster than this (rows per second; a screenful of 13 rows a frame at 60 Hz is
 * about 800) is flown past, not read: its pages are asked for once it slows or stops for
 * SETTLE_MS, and the rows show their placeholder meanwhile. Dragging the scrollbar through
 * 100 000 dialogs fetched hundreds of pages nobody saw, each one a few ms of the window's time
 * and the engine's.
 */
const FLYING_ROWS_PER_SECOND = 2000;
const SETTLE_MS = 90;

/**
 * Rows of a long list fetched a page at a time as they come into view (the dialog list, the
 * ladder). `reset` starts a new query (another capture, sort, filter); answers of an older query
 * are dropped.
 */
export class PagedRows<T> {
  pages = $state.raw(new Map<number, T[]>());
  loaded = $state(false);
  error = $state<unknown>(null);
  readonly #size: number;
  readonly #view: VirtualWindow;
  #fetch: (offset: number, limit: number) => Promise<{ total: number; rows: T[] }> = async () => ({ total: 0, rows: [] });
  #query = 0;
  readonly #inFlight = new Set<number>();
  #lastFirst = 0;
  /** Which way the list last moved (1 down, -1 up): the page ahead is fetched before it is reached. */
  #direction = 0;
  #lastMove = Number.NEGATIVE_INFINITY;
  #settle: ReturnType<typeof setTimeout> | undefined;

  constructor(view: VirtualWindow, size = 200) {
    this.#view = view;
    this.#size = size;
  }

  at(i: number): T | undefined {
    return this.pages.get(Math.floor(i / this.#size))?.[i % this.#size];
  }

  reset(fetch: (offset: number, limit: number) => Promise<{ total: number; rows: T[] }>): Promise<void> {
    this.#fetch = fetch;
    this.#query++;
    this.#inFlight.clear();
    clearTimeout(this.#settle);
    this.#settle = undefined;
    this.pages = new Map();
    this.loaded = false;
    this.error = null;
    this.#view.active = 0;
    return this.#page(0, this.#query);
  }

  /** Fetches the pages of the rows in view that are not there yet (once the list is not flying). */
  ensure(): void {
    if (!this.loaded) return;
    const { first, last } = this.#view;
    const now = performance.now();
    const sinceMove = now - this.#lastMove;
    if (first !== this.#lastFirst) {
      // Only a move that follows another closely is a fling; one jump (a click in the scrollbar's
      // track, End) after a pause is answered at once.
      const flying = sinceMove < 2 * SETTLE_MS && (Math.abs(first - this.#lastFirst) / Math.max(sinceMove, 1)) * 1000 > FLYING_ROWS_PER_SECOND;
      this.#direction = Math.sign(first - this.#lastFirst);
      this.#lastFirst = first;
      this.#lastMove = now;
      clearTimeout(this.#settle);
      this.#settle = undefined;
      if (flying) {
        this.#settle = setTimeout(() => {
          this.#settle = undefined;
          this.ensure();
        }, SETTLE_MS);
        return;
      }
    }
    // Still flying (a page that came in asks again): the settle timer will.
    if (this.#settle !== undefined) return;
    // The pages in view, then the next one in the direction of reading when the view is within
    // half a page of it (scrolling at reading speed finds its rows there).
    const half = this.#size / 2;
    const lastRow = Math.max(first, last - 1);
    const wanted = [];
    for (let p = Math.floor(first / this.#size); p <= Math.floor(lastRow / this.#size); p++) wanted.push(p);
    if (this.#direction > 0 && lastRow + half < this.#view.total) wanted.push(Math.floor((lastRow + half) / this.#size));
    if (this.#direction < 0 && first - half >= 0) wanted.push(Math.floor((first - half) / this.#size));
    for (const p of wanted) {
      if (this.#inFlight.size >= MAX_IN_FLIGHT) return;
      if (!this.pages.has(p)) void this.#page(p, this.#query);
    }
  }

  async #page(page: number, query: number): Promise<void> {
    if (this.#inFlight.has(page)) return;
    this.#inFlight.add(page);
    try {
      let r: { total: number; rows: T[] } | null = null;
      for (let attempt = 0; r === null; attempt++) {
        try {
          r = await this.#fetch(page * this.#size, this.#size);
        } catch (e) {
          if (!(e instanceof ContractError && e.code === 'timeout') || attempt >= RETRIES_ON_TIMEOUT || query !== this.#query) throw e;
        }
      }
      if (query !== this.#query) return;
      this.#view.total = r.total;
      const pages = new Map(this.pages).set(page, r.rows);
      // Only the pages around the view stay: scrolling through 100 000 rows must not keep them all
      // (the heap grew to every row, and its collections cost frames).
      const here = Math.floor(this.#view.first / this.#size);
      while (pages.size > KEEP_PAGES) {
        let far = page;
        for (const p of pages.keys()) if (Math.abs(p - here) > Math.abs(far - here)) far = p;
        if (far === page) break;
        pages.delete(far);
      }
      this.pages = pages;
      this.loaded = true;
      this.error = null;
    } catch (e) {
      if (query === this.#query) this.error = e;
    } finally {
      this.#inFlight.delete(page);
      if (query === this.#query && this.error === null) this.ensure();
    }
  }
}
