// Every threshold of plan identity in one place.

/** MinHash: bands x rows hash functions; two rows a band keeps candidates
 * with a third of their words in common likely to meet in some band. */
export const MINHASH_BANDS = 32;
export const MINHASH_ROWS = 2;
/** A band key held by more documents than this says nothing about identity
 * (boilerplate words): it is left out of the candidate search. */
export const KEY_POSTING_CAP = 250;
/** Documents compared in full with a new one, best candidates first. */
export const CANDIDATES = 8;
/** A candidate this similar, linked 'same', ends the search. */
export const CLEAR_SAME = 0.9;

/** Two actions with this text similarity (character trigrams) are the same
 * action, whatever their refs (renumbered). */
export const SAME_ACTION = 0.85;
/** Under the same ref, this much similarity is the same action reworded. */
export const REWORDED_SAME_REF = 0.3;
/** Under different refs, a rewording needs this much similarity. */
export const REWORDED_OTHER_REF = 0.55;

/** A document joins a plan when at least this share of the smaller
 * document's actions has a counterpart ("most actions shared"). */
export const JOIN_COVER = 0.6;
/** ... and at least this many actions are shared (fewer when a document has fewer). */
export const JOIN_MIN_SHARED = 2;
/** A copy of some pages joins only when its actions' text similarity, summed
 * over the pairs, covers this share of its actions (pairs made by ref alone
 * are too weak when the copy holds a handful of actions). */
export const JOIN_PARTIAL_TEXT = 0.8;

/** Two words differing in at most this share of their letters are one word
 * misread (OCR, export damage), not a rewording. */
export const WORD_NOISE = 0.25;
/** Differences two files of one version may show from extraction alone (a
 * row split or dropped, a cell read into its neighbour), as a share of the
 * actions compared: more when either file is OCR or a text export. More
 * differences than this make the newer file a version. */
export const NOISY_CHANGE_SHARE = 0.15;
export const CLEAN_CHANGE_SHARE = 0.06;
/** With OCR or an export on either side, a text counts as reworded only when
 * more than this share of its words changed (OCR garbles a word or two). */
export const NOISY_WORD_SHARE = 0.2;

/** Identity's answers kept by content (content.ts): distinct document
 * contents and pairs of them, before the memo starts again. A content is a
 * document's compared cells, a few kilobytes. */
export const CONTENT_MEMO = { contents: 2000, comparisons: 20_000 } as const;
