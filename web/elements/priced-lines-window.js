// The window of a large quote's lines table (<priced-lines>, more than DRAW_WHOLE_UP_TO lines):
// only the rows in its scrolling box, MARGIN_ROWS more on each side and the row holding focus
// exist in the DOM; spacer rows stand in for the others, their heights measured once drawn and
// estimated until then. Fetched with the first large quote; these methods join the element's.
// 6, not 12: an edit that reprices every line updates and lays out every row drawn, and with 12
// a box of 6 rows drew 31 (page-profile at 5,000 lines: the most CPU in one task per term,
// quote discount or segment edit 16-29 ms with 12, 15-19 ms with 6). Six rows are still more
// than half a box on each side of it, for the scrolling the next frame catches up with.
export const MARGIN_ROWS = 6;

// The heights of a window's rows, measured or estimated, summed over any range in O(log lines)
// (two Fenwick trees: the measured heights, and how many rows are measured; a row not measured
// counts as the average, which changes as rows are measured). Summed row by row, a draw's two
// spacers and a scroll each went over every line: 20,000 at the engine's limit, on every edit.
// `heights` (position -> px, holes where not measured) is kept as it was, for what reads it.
export class RowHeights {
  constructor(heights, count) {
    this.heights = heights;
    this.count = count;
    this.sums = new Float64Array(count + 1);
    this.measured = new Int32Array(count + 1);
    heights.forEach((height, position) => {
      if (position < count) this.add(position, height, 1);
    });
  }

  add(position, height, measured) {
    for (let i = position + 1; i <= this.count; i += i & -i) {
      this.sums[i] += height;
      this.measured[i] += measured;
    }
  }

  set(position, height) {
    if (position >= this.count) return;
    const before = this.heights[position];
    this.heights[position] = height;
    if (before === undefined) this.add(position, height, 1);
    else this.add(position, height - before, 0);
  }

  // The height of the rows before `position`.
  before(position, average) {
    let sum = 0;
    let measured = 0;
    for (let i = Math.min(position, this.count); i > 0; i -= i & -i) {
      sum += this.sums[i];
      measured += this.measured[i];
    }
    return sum + (Math.min(position, this.count) - measured) * average;
  }

  height(from, to, average) {
    return to > from ? this.before(to, average) - this.before(from, average) : 0;
  }

  // How many rows fit whole in `y` px from the top: the position of the row at `y` (the count
  // when `y` is past the last).
  rowsUpTo(y, average) {
    let position = 0;
    let top = 0;
    for (let step = 2 ** Math.floor(Math.log2(this.count || 1)); step > 0; step >>= 1) {
      const next = position + step;
      if (next > this.count) continue;
      const bottom = top + this.sums[next] + (step - this.measured[next]) * average;
      if (bottom <= y) {
        position = next;
        top = bottom;
      }
    }
    return position;
  }
}

class WindowMethods {
  // Listens to the box's scrolling and size, and to the keyboard in the rows (once per element).
  attachWindow() {
    if (this.windowAttached) return;
    this.windowAttached = true;
    const signal = this.abort.signal;
    this.scroller.addEventListener('scroll', () => this.scrolled(), { signal, passive: true });
    this.body.addEventListener('keydown', (event) => this.moveFocus(event), { signal });
    this.resizes = new ResizeObserver(([entry]) => {
      const height = entry.contentRect.height;
      if (!this.virtual) return; // drawn whole, the box is as tall as the table
      if (height > 0 && Math.abs(height - this.boxHeight) > 1) {
        this.boxHeight = height;
        this.scrolled();
      }
    });
    this.resizes.observe(this.scroller);
    // The row holding focus stays in the DOM wherever the box is scrolled.
    this.focusKey = null;
    this.body.addEventListener('focusin', (event) => {
      const row = this.rowOfElement.get(event.target.closest('tr.line-row'));
      this.focusKey = row ? row.key : null;
    }, { signal });
    this.body.addEventListener('focusout', (event) => {
      if (!this.body.contains(event.relatedTarget)) this.focusKey = null;
    }, { signal });
    // Ctrl+P (⌘P) on the rep page with a large quote: its print command, which sums a large
    // quote's printed groups a part per task before the print dialog (print-quote.js prepare);
    // the browser's own print sums them in its beforeprint event, in one task (137 ms at
    // 20,000 lines). Elsewhere (the embedded element) the browser's print, as before.
    document.addEventListener('keydown', (event) => {
      if (!this.virtual || event.key?.toLowerCase() !== 'p' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const page = this.closest('quote-configurator');
      if (!page) return;
      event.preventDefault();
      page.runCommand({ command: 'print' });
    }, { signal });
  }

  positionOfKey(key) {
    if (key === null) return null;
    const row = this.rows.get(key);
    if (row && this.lines[row.position] && this.keyOf(this.lines[row.position]) === key) return row.position;
    const at = this.lines.findIndex((line) => this.keyOf(line) === key);
    return at < 0 ? null : at;
  }


  // The positions drawn: every line, or the window and the focused row.
  drawnPositions() {
    const count = this.lines.length;
    if (!this.virtual) return { start: 0, end: count, pinned: null };
    this.attachWindow();
    // MARGIN_ROWS on each side of the rows in view, where there are rows: at the top of the list
    // (a quote just opened) the rows in view start at the anchor, and a margin of twice as many
    // below drew six rows more than any side needs (a third of the rows laid out as it opens).
    const visible = Math.ceil(Math.min(this.boxHeight, innerHeight) / this.measuredAverage);
    const firstInView = this.windowStart > 0 ? this.windowStart + MARGIN_ROWS : Math.min(this.anchor?.position ?? 0, MARGIN_ROWS);
    const size = firstInView - this.windowStart + visible + MARGIN_ROWS;
    const start = Math.max(0, Math.min(this.windowStart, count - size));
    const end = Math.min(count, start + size);
    this.drawnTop = this.windowTop(start);
    this.drawnStart = start;
    this.drawnAverage = this.measuredAverage;
    const focused = this.positionOfKey(this.focusKey);
    return { start, end, pinned: focused !== null && (focused < start || focused >= end) ? focused : null };
  }


  // Row numbers and the row count for assistive technology, which sees only the rows drawn:
  // the header row is 1, then each line (and its math, when shown), then the totals. A table
  // drawn whole needs none (every row is there to count): any left from a window go.
  numberRows() {
    if (!this.virtual) {
      if (!this.table.hasAttribute('aria-rowcount')) return;
      this.table.removeAttribute('aria-rowcount');
      for (const row of this.table.querySelectorAll('[aria-rowindex]')) if (row !== this.headRow) row.removeAttribute('aria-rowindex');
      return;
    }
    const count = this.lines.length;
    const openPositions = [];
    if (this.open.size) {
      this.lines.forEach((line, i) => { if (this.open.has(this.keyOf(line))) openPositions.push(i); });
    }
    const openBefore = (position) => {
      let n = 0;
      while (n < openPositions.length && openPositions[n] < position) n += 1;
      return n;
    };
    for (const row of this.rows.values()) {
      const index = 2 + row.position + openBefore(row.position);
      row.element.setAttribute('aria-rowindex', String(index));
      if (row.mathRow.hidden) row.mathRow.removeAttribute('aria-rowindex');
      else row.mathRow.setAttribute('aria-rowindex', String(index + 1));
    }
    let index = 2 + count + openPositions.length;
    for (const total of this.footer.rows) {
      total.setAttribute('aria-rowindex', String(index));
      index += 1;
    }
    this.table.setAttribute('aria-rowcount', String(index - 1));
  }

  // Spacer rows (hidden from assistive technology) stand in for the lines from `from` to `to`.
  spacerRow(index, from, to) {
    this.spacers ??= [];
    if (!this.spacers[index]) {
      const row = document.createElement('tr');
      row.className = 'spacer-row';
      row.setAttribute('aria-hidden', 'true');
      const cell = document.createElement('td');
      cell.colSpan = 5;
      row.append(cell);
      this.spacers[index] = row;
    }
    // The spacer just above the window puts its first row at drawnTop (windowTop).
    const height = to === this.drawnStart ? Math.max(0, Math.round(this.drawnTop - this.heightOf(0, from))) : this.heightOf(from, to);
    this.spacers[index].firstChild.style.height = `${height}px`;
    return this.spacers[index];
  }

  // After drawing a window: the rows' heights are read in the next frame.
  afterDraw() {
    if (!this.virtual || this.measurePending) return;
    this.measurePending = true;
    requestAnimationFrame(() => {
      this.measurePending = false;
      if (!this.measure()) return;
      this.drawRows();
      this.keepAtEnd();
    });
  }

  // The rows' heights as sums over ranges (RowHeights), made again for another list of heights
  // (priced-lines.js starts one for another quote, or when lines are added or removed).
  heightSums() {
    if (this.sums?.heights !== this.heights || this.sums.count !== this.lines.length) this.sums = new RowHeights(this.heights, this.lines.length);
    return this.sums;
  }

  heightOf(from, to) {
    return Math.round(this.heightSums().height(from, to, this.measuredAverage));
  }

  // Reads the drawn rows' heights (in a frame callback, where layout is due anyway); true when
  // a row's height was not the one its spacer counted (off by more than a pixel), so the spacers
  // must be redrawn. The average (the estimate of the rows never drawn, and what sets how many
  // rows the window holds) is kept but is no reason to redraw by itself: a window one row longer
  // can have another average, which made it one row shorter, and so on, a redraw of the whole
  // window every frame for as long as nothing else changed (seen at 5,000 lines: 45-59 redraws
  // in 1.5 s after a term or discount edit). A row's own height is measured once, so the redraws
  // it asks for end.
  measure() {
    let changed = false;
    let sum = 0;
    let count = 0;
    for (const row of this.rows.values()) {
      if (!row.element.isConnected) continue;
      const height = row.element.offsetHeight + (row.mathRow.hidden ? 0 : row.mathRow.offsetHeight);
      if (!height) return false; // not laid out (hidden): nothing to learn
      if (Math.abs((this.heights[row.position] ?? this.measuredAverage) - height) > 1) changed = true;
      this.heightSums().set(row.position, height);
      if (row.mathRow.hidden) {
        sum += height;
        count += 1;
      }
    }
    if (count) this.measuredAverage = sum / count;
    return changed;
  }

  // Where the window's first row is drawn (px from the top of the rows). The rows not drawn
  // count at an estimate, and the estimate changes as rows are measured: after a jump far down,
  // the rows drawn there have another average, and a spacer above them summed with it moved them
  // by thousands of px (2,500 rows above, times the average's change) away from the view, which
  // showed blank space until the next scroll. So the window is placed by an anchor, not by the
  // estimate: the row at the top of the view when the box last scrolled stays at the px it was
  // seen at, the spacer above makes up the difference, and the box's height (the spacer below,
  // still the estimate) takes the change. At the top, the first row is at 0.
  windowTop(start) {
    const anchor = this.anchor;
    if (start === 0) return 0;
    if (!anchor || anchor.position > this.lines.length) return this.heightOf(0, start);
    const sums = this.heightSums();
    const between = sums.before(anchor.position, this.measuredAverage) - sums.before(start, this.measuredAverage);
    return Math.max(0, anchor.top - between);
  }

  // How the rows are laid out as drawn: from the window's first row down, where the estimate
  // puts them, moved by `shift` (what the spacer above made up); above it, where the estimate
  // puts them, times `stretch` (that spacer stands for every row before the window). The
  // estimate is the one the spacers were drawn with: the average measured since is another (at
  // 5,000 lines, 88.8 px drawn and 95.9 px measured at the top put the end of the box at line
  // 4,628).
  drawnLayout() {
    const sums = this.heightSums();
    const average = this.drawnAverage ?? this.measuredAverage;
    const start = Math.min(this.drawnStart ?? 0, this.lines.length);
    const top = this.drawnTop ?? 0;
    const estimated = sums.before(start, average);
    return { sums, average, start, top, shift: top - estimated, stretch: estimated > 0 ? top / estimated : 1 };
  }

  topOfRow(position, layout = this.drawnLayout()) {
    const estimated = layout.sums.before(position, layout.average);
    return position >= layout.start ? estimated + layout.shift : estimated * layout.stretch;
  }

  // The row at `y` px from the top of the rows as drawn, and the px its top is at: the scroll
  // position read against what the box shows, so that a small scroll moves the rows with it.
  rowAt(y) {
    const layout = this.drawnLayout();
    const at = Math.max(0, y);
    let position = 0;
    if (at >= layout.top) position = layout.sums.rowsUpTo(at - layout.shift, layout.average);
    else if (layout.stretch > 0) position = layout.sums.rowsUpTo(at / layout.stretch, layout.average);
    return { position, top: this.topOfRow(position, layout) };
  }

  // The box scrolled (or resized): the window follows, in the next frame.
  scrolled() {
    if (this.scrollPending || !this.virtual) return;
    this.scrollPending = true;
    requestAnimationFrame(() => {
      this.scrollPending = false;
      if (!this.virtual) return;
      this.measure();
      const box = this.scroller;
      this.atEnd = box.scrollTop > 0 && box.scrollTop + box.clientHeight >= box.scrollHeight - 1;
      this.anchor = this.rowAt(box.scrollTop - this.headRow.offsetHeight);
      const start = Math.max(0, this.anchor.position - MARGIN_ROWS);
      if (start !== this.windowStart) {
        this.windowStart = start;
        this.drawRows();
        this.keepAtEnd();
      }
    });
  }


  // A box scrolled to its end stays there when its last rows are drawn taller than estimated
  // (the anchor at the top of the view would keep them below it, the scrollbar at its old end).
  keepAtEnd() {
    if (this.atEnd) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  // The keyboard reaches every line, drawn or not: ArrowUp/ArrowDown move to the same control
  // of the line above or below, PageUp/PageDown by a boxful, Ctrl+Home/Ctrl+End to the first and
  // last line; Tab and Shift+Tab past the last or first row drawn go on to the next line.
  moveFocus(event) {
    if (event.altKey || event.metaKey) return;
    const element = event.target.closest('tr.line-row');
    const row = element && this.rowOfElement.get(element);
    if (!row) return;
    const column = event.target === row.pct ? 'pct' : event.target === row.target ? 'target' : 'toggle';
    const page = Math.max(1, Math.floor(this.boxHeight / this.measuredAverage) - 1);
    const last = this.lines.length - 1;
    let to = null;
    let at = column;
    if (event.key === 'ArrowDown' && !event.ctrlKey) to = row.position + 1;
    else if (event.key === 'ArrowUp' && !event.ctrlKey) to = row.position - 1;
    else if (event.key === 'PageDown') to = row.position + page;
    else if (event.key === 'PageUp') to = row.position - page;
    else if (event.key === 'End' && event.ctrlKey) to = last;
    else if (event.key === 'Home' && event.ctrlKey) to = 0;
    else if (event.key === 'Tab' && !event.ctrlKey) {
      const controls = [row.pct, row.target, row.toggle].filter(Boolean);
      const forward = !event.shiftKey;
      const edge = forward ? controls[controls.length - 1] : controls[0];
      const neighbour = row.position + (forward ? 1 : -1);
      if (event.target !== edge || neighbour < 0 || neighbour > last) return;
      if (this.rows.has(this.keyOf(this.lines[neighbour]))) return; // drawn: the browser's own Tab
      to = neighbour;
      at = forward ? 'first' : 'toggle';
    }
    if (to === null) return;
    event.preventDefault();
    this.focusLine(Math.max(0, Math.min(last, to)), at);
  }

  // Draws the line at `position` if it is not drawn, and focuses its control (`column`: 'pct',
  // 'target', 'toggle', or 'first'); the box scrolls to it.
  focusLine(position, column = 'first') {
    const key = this.keyOf(this.lines[position]);
    if (!this.rows.has(key)) {
      this.windowStart = Math.max(0, position - MARGIN_ROWS);
      // Drawn where the box shows it now, for focus to scroll to.
      this.anchor = { position, top: this.topOfRow(position) };
      this.atEnd = false;
      // Drawn for the row about to hold focus: the one that holds it now is not kept drawn.
      this.focusKey = key;
      this.drawRows();
    }
    const row = this.rows.get(key);
    if (!row) return;
    const control = (column === 'first' ? row.pct : row[column]) ?? row.toggle;
    control.focus();
  }

  // The line at `position` in view and its first control focused (for hosts and tests).
  revealLine(position) {
    if (position < 0 || position >= this.lines.length) return null;
    this.focusLine(position, 'first');
    return this.rows.get(this.keyOf(this.lines[position]))?.element ?? null;
  }
}

export const windowMethods = Object.fromEntries(Object.getOwnPropertyNames(WindowMethods.prototype)
  .filter((name) => name !== 'constructor')
  .map((name) => [name, WindowMethods.prototype[name]]));
