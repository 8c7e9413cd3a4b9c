// Thresholds of table finding, in one place. Distances are in text sizes
// (the median word height of the table or page) unless named otherwise, so
// PDF text layers and OCR words are measured alike.
export const TABLE_SETTINGS = {
  ruled: {
    /** a word reaching this far (sizes) over a column line crosses it */
    crossSlack: 0.05,
    /** white space around a column line the rulings lack must be this wide
     * (sizes): wider than a word space */
    minGutter: 0.6,
    /** a white strip down a ruled column this wide (sizes) divides it ... */
    minColumnGutter: 1.0,
    /** ... when this many lines have text on both sides of it */
    minGutterLines: 2,
    /** a wrapped line is one whose first word would not have fitted on the
     * line before: the cell's width minus this padding (sizes) on each side */
    cellPadding: 0.5,
    /** at least this many columns start a new entry on a line for it to open a row */
    minEntryColumns: 2,
    /** share of a ruled grid's slots that must hold text: below it the
     * lines are a chart's grid */
    minFilled: 0.25,
  },
  /** words this far (sizes) around a chart's grid are its labels */
  figureMargin: 3,
  borderless: {
    /** a word space (sizes), for telling whether a word fitted on a line */
    wordSpace: 0.25,
    /** ... with this margin (sizes) under the column's widest line, as word
     * widths inside a text run are estimated */
    fitMargin: 1.0,
    /** a column's wrap width: this quantile of its line widths */
    widestQuantile: 0.9,
    /** a row's top this close (sizes) to a whole number of line pitches
     * below the line above it in its column: the rows have no padding */
    pitchSlack: 0.12,
    /** white this wide (sizes) after a column of list markers makes them a
     * column of their own (refs), wider than a hanging indent */
    markerColumnGutter: 3,
    /** columns of running text: this many words to a cell on average ... */
    proseWords: 15,
    /** ... and fewer than this share of rows with every cell starting on
     * the same line */
    proseAligned: 0.5,
  },
  /** a header row repeated on a continuation page may differ from the first
   * by this share of its letters (OCR misreads one or two) */
  headerRepeatMisreads: 0.12,
} as const;
