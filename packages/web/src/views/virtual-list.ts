/**
 * A list of thousands of fixed-height rows of which only those in view (and a few around) are in the
 * DOM: a scrolling viewport, a spacer as tall as every row, rows placed absolutely.
 */
export class VirtualList {
  readonly element: HTMLElement;
  private readonly spacer: HTMLOListElement;
  private count = 0;

  constructor(
    private readonly rowPx: number,
    private readonly row: (index: number) => HTMLElement,
    label: string,
  ) {
    this.spacer = document.createElement('ol');
    this.spacer.className = 'flags';
    this.element = document.createElement('div');
    this.element.className = 'flags-viewport';
    this.element.tabIndex = -1;
    this.element.setAttribute('aria-label', label);
    this.element.append(this.spacer);
    this.element.addEventListener('scroll', () => this.draw(), { passive: true });
    new ResizeObserver(() => this.draw()).observe(this.element);
  }

  /** The rows changed (a page arrived, a status changed): redraw those in view. */
  setCount(count: number): void {
    this.count = count;
    this.spacer.style.blockSize = `${count * this.rowPx}px`;
    this.spacer.setAttribute('aria-rowcount', String(count));
    this.draw();
  }

  /** Scrolls as little as needed to show row `index`. */
  reveal(index: number): void {
    if (index < 0) return;
    const top = index * this.rowPx;
    const view = this.element;
    if (top < view.scrollTop) view.scrollTop = top;
    else if (top + this.rowPx > view.scrollTop + view.clientHeight)
      view.scrollTop = top + this.rowPx - view.clientHeight;
    this.draw();
  }

  draw(): void {
    const overscan = 6;
    const first = Math.max(0, Math.floor(this.element.scrollTop / this.rowPx) - overscan);
    const last = Math.min(
      this.count,
      Math.ceil((this.element.scrollTop + Math.max(this.element.clientHeight, this.rowPx)) / this.rowPx) + overscan,
    );
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const el = this.row(i);
      el.style.insetBlockStart = `${i * this.rowPx}px`;
      el.style.blockSize = `${this.rowPx}px`;
      el.setAttribute('aria-posinset', String(i + 1));
      rows.push(el);
    }
    this.spacer.replaceChildren(...rows);
  }
}
