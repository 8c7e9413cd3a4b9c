// Thresholds and costs of the text readers that rebuild rows from what cells
// hold, in one place. Costs are in log-probability units.

/** Classifying a piece of text by its form (kinds.ts). */
export const KIND_SETTINGS = {
  /** this share of a name's words (past small words) are capitalised */
  nameCapitals: 0.6,
  /** a paragraph is a name up to this many words ... */
  paragraphNameWords: 10,
  /** ... when this share of its longer words are capitalised */
  paragraphNameCapitals: 0.5,
};

/** Learning which kinds a column holds: the header's expectation, then the
 * file's counts (profile.ts; content.ts and segment.ts weigh by it). */
export const PROFILE_SETTINGS = {
  /** weight of the header's expectation against the file's counts */
  priorWeight: 4,
};

/** Splitting paragraphs in sequence into rows (segment.ts). */
export const SEGMENT_SETTINGS = {
  /** smoothing of the column profiles (pseudo-counts per kind) */
  smooth: 0.5,
  /** a cell rarely has more than this many paragraphs */
  maxCellLines: 16,
  /** cost of a heading across the table (rows are the rule) */
  sectionCost: 3,
  /** cost per dropped leading cell of a row (tabbed copies of merged cells) */
  skipCost: 1.5,
};

/** Placing every line of a copy without row marks (content.ts). */
export const CONTENT_SETTINGS = {
  cost: {
    /** an empty cell skipped inside a row */
    skipCell: 1.5,
    /** an empty cell at a row's end */
    trailing: 1.5,
    /** a row starting past the first column (cells merged down from above) */
    leading: 0.5,
    /** line copies (no blank lines): a cell break costs little, a line going on nothing */
    lineCellBreak: 0.4,
    /** a strong kind (date, money, RAG word, ref) going on a line of another kind */
    kindChange: 2,
    /** one paragraph a line: a cell's next line that is no list item */
    paragraphInCell: 3,
    /** wrapped copies: a cell or row opening in lower case */
    lowerStart: 3,
  },
  /** Blank-line copies, before the file says: how often a blank line stands
   * at a cell's next line, at a new cell, at a new row. */
  blankPrior: { cont: 0.03, cell: 0.95, row: 0.5 },
  /** weight of that expectation, in lines */
  blankPriorWeight: 10,
  /** a copy marks cells by blank lines when this share of its body lines follow one */
  blankCellsShare: 0.3,
  /** a copy's cells are wrapped over lines when this share of its lines start in lower case */
  wrappedShare: 0.05,
  /** rounds of learning the columns' kinds from the path */
  rounds: 3,
  /** smoothing of a column's counts (pseudo-count per kind) */
  smooth: 0.2,
  /** a prior kind's share when the header expects none of it */
  unexpected: 0.02,
};

/** Finding a header of label lines or labels run together (content-header.ts). */
export const HEADER_SETTINGS = {
  labelMax: 40,
  /** a label's cost in a line of labels run together: labels must name fields to pay for it */
  labelCost: 1,
  /** and for each word past its first: shorter labels where both name fields */
  labelWordCost: 0.2,
  /** this many lines of white space only mark empty cells (another reader's convention) */
  whiteCells: 3,
  /** a later header sharing less than this share of its labels with the table's starts a new table */
  newTableShared: 0.6,
  /** and names this many fields at least (three short lines naming fields may be a row's cells) */
  newTableFields: 4,
};
