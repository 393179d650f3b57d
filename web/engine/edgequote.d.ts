// Types of web/engine/edgequote.js, the pricing engine's JS API. Checked against the real
// module by tests/node/types.test.mjs (every export, method and property named here exists,
// and nothing public is missing here).
//
// Quotes, price books and priced quotes are the JSON documents of pricebooks/README.md; their
// JSON Schemas are in pricebooks/schema/. Error codes are the engine's: engine.errorCodes().

/** One problem with an input: a stable code, a JSON Pointer into that input, a sentence. */
export interface EngineError {
  code: string;
  path: string;
  message: string;
}

/** Thrown for every input the engine refuses: `code`, `path` and `message` of the first error. */
export declare class PricingError extends Error {
  constructor(errors: EngineError[], warnings?: EngineError[]);
  readonly name: 'PricingError';
  readonly code: string;
  readonly path: string;
  /** Every error, in the engine's order. */
  readonly errors: EngineError[];
  /** Warnings the engine reported with the errors (quotes only). */
  readonly warnings: EngineError[];
}

export type Detail = 'full' | 'summary';

export interface PriceOptions {
  /** 'full' (default): every line with its tiers and waterfall; 'summary': without them. */
  detail?: Detail;
}

/** A price book loaded into the engine (frozen). */
export interface PriceBookRef {
  readonly handle: number;
  readonly id: string;
  readonly version: string;
  /**
   * SHA-256 (hex) of the exact text that was loaded (an object is loaded as its JSON.stringify
   * text); null where WebCrypto is missing (a page served over plain http from another host).
   */
  readonly hash: string | null;
  /** What a page shows and offers, validated by the engine (`edgequote view BOOK`). */
  readonly view: BookView;
  /** The book document itself, parsed on first use (for tools and tests). */
  readonly book: PriceBook;
}

/** The engine's view of a book for a user interface (core/src/book_view.cpp); decimals are strings. */
export interface BookView {
  schema_version: string; id: string; version: string; name: string; currency: string; minor_digits: number;
  effective_from: string | null; effective_to: string | null;
  /** Whether the book has an internal part (then segments carry deal_band and approval_levels is filled). */
  internal: boolean;
  /** Whether the book lets the prospect page show "At list elsewhere" (the book's prospect_comparison). */
  prospect_comparison: boolean;
  units: { id: string; dimension: string; factor: string }[];
  regions: { id: string; name: string }[];
  segments: { id: string; name: string; deal_band?: { low: string; target: string | null; high: string } | null }[];
  products: {
    sku: string; name: string; category: string; unit: string; dimension: string; billing: 'monthly' | 'one_time';
    regional: boolean; premium: boolean; discountable: boolean;
    /** On or off: the quantity is optional (a flat fee, a percentage of other lines). */
    switch: boolean;
    /** The model's headline figures (the first tier for tiered models). */
    list: { model: string } & Record<string, string | null>;
    requires: string[]; description: string;
  }[];
  bundles: { id: string; name: string; price: string; includes: { sku: string; quantity: string; unit: string }[]; options: string[]; allows: string[] }[];
  terms: { months: number; discount_pct: string }[];
  commits: { id: string; min_monthly: string; discount_pct: string }[];
  approval_levels: string[];
  /** The outcome catalogues (internal.outcomes) the outcome form offers; empty lists for a public book. */
  outcomes: Record<'loss_reasons' | 'win_reasons' | 'competitors' | 'feature_requests', { id: string; name: string; synonyms: string[] }[]>;
}

/** A price book document (pricebooks/schema/pricebook.schema.json). */
export type PriceBook = Record<string, unknown> & { id: string; version: string };
/** A quote document (pricebooks/schema/quote.schema.json). */
export type Quote = Record<string, unknown>;

export interface PricedLine {
  index: number | null;
  kind: 'product' | 'bundle' | 'percentage' | 'true_up';
  sku: string;
  name: string;
  list: string;
  net: string;
  discount_pct: string;
  /** Only with detail 'full'. */
  tiers?: Record<string, unknown>[];
  /** Only with detail 'full'. */
  waterfall?: Record<string, unknown>[];
  /** Plan products only: the tier the usage chose and the limits that chose it. */
  plan?: { tier: number; tier_name: string; chosen_by: string[]; usage: { limit: string; unit: string; quantity: string; up_to: string | null }[] };
  [field: string]: unknown;
}

/** One period of a ramped quote, priced as a month of its own. */
export interface PricedPeriod {
  from_month: number;
  to_month: number;
  months: number;
  commit_monthly_spend: string | null;
  list_monthly: string;
  net_monthly: string;
  one_time: string;
  /** net_monthly × months + one_time. */
  value: string;
  /** The period's lines, in summary form. */
  lines: PricedLine[];
}

/** The canonical priced quote (pricebooks/schema/priced-quote.schema.json). */
export interface PricedQuote {
  schema_version: string;
  pricebook: { id: string; version: string; currency: string };
  lines: PricedLine[];
  totals: Record<string, string | null>;
  /** The date the quote was priced for, when it gave one. */
  as_of?: string;
  /** A quote with periods: lines and monthly totals are the first period's; totals.tcv is the contract's. */
  ramp?: { guidance_basis: 'average'; average_net_monthly: string; periods: PricedPeriod[] };
  guidance: Record<string, unknown>[];
  approval: Record<string, unknown> | null;
  warnings: EngineError[];
  /** Always empty in a returned result: a quote with errors throws PricingError. */
  errors: EngineError[];
  [field: string]: unknown;
}

export interface ErrorCode {
  code: string;
  description: string;
}

/**
 * A quote being edited. Each price() returns the same result as engine.price() would; lines whose
 * output did not change are the same objects as in the previous result.
 */
export interface LiveQuote {
  /** The last result that priced without errors (null before the first). */
  readonly priced: PricedQuote | null;
  /** Prices the quote again; throws PricingError (and keeps `priced`) when it has errors. */
  price(quote: Quote | string): PricedQuote;
  /** Frees it inside the engine. */
  close(): void;
}

/** Dispatched on the engine after it restarted the module (which had aborted). */
export interface RecoveredEvent extends Event {
  readonly type: 'recovered';
  /** What the module threw. */
  readonly cause: unknown;
  /** How many restarts so far. */
  readonly restarts: number;
  /** How many price books were reloaded. */
  readonly books: number;
}

export interface Engine extends EventTarget {
  /** How many times the module was restarted after an abort. */
  readonly restarts: number;
  /** Resolves once the engine can be called (at once, unless a restart is under way). */
  readonly ready: Promise<void>;

  /** Validates and keeps a book in the engine; throws PricingError when it is invalid. */
  loadPricebook(textOrObject: string | PriceBook): Promise<PriceBookRef>;
  /** Frees a book; the reference (and live quotes on it) can no longer be used. */
  releasePricebook(pricebook: PriceBookRef): void;
  /** Every problem of a book ([] when valid), without keeping it. */
  validatePricebook(textOrObject: string | PriceBook): EngineError[];
  /** The priced quote; throws PricingError when the quote has errors. */
  price(pricebook: PriceBookRef, quote: Quote | string, options?: PriceOptions): PricedQuote;
  /** The exact canonical text (`edgequote reprice` output, without the newline); errors included, not thrown. */
  priceCanonical(pricebook: PriceBookRef, quote: Quote | string, options?: PriceOptions): string;
  /**
   * Checks an element's or frame's snapshot: ok only when `detail.priced` is exactly what this
   * book prices `detail.quote` at and `detail.sha256` is its hash. Use the returned `priced`.
   */
  verifySnapshot(pricebook: PriceBookRef, detail: unknown): Promise<SnapshotCheck>;
  /** A quote for live editing: only the lines whose output changed cross from the engine. */
  openQuote(pricebook: PriceBookRef, options?: PriceOptions): LiveQuote;
  /** The book's view for a user interface as canonical JSON text, as `edgequote view` prints it. */
  bookView(pricebook: PriceBookRef): string;
  /** The book without its internal part, as `edgequote public` writes it; throws PricingError. */
  publicPricebook(textOrObject: string | PriceBook): string;
  /** Every error and warning code, with its meaning. */
  errorCodes(): ErrorCode[];
  /** Signed approvals: a wasm module of its own (approvals.d.ts), fetched once, on first use. */
  approvals(options?: import('./approvals.js').ApprovalsOptions): Promise<import('./approvals.js').Approvals>;
  /** Quote-log insights: a wasm module of its own (web/engine/insights.js), fetched once, on first use. */
  insights(options?: object): Promise<unknown>;

  addEventListener(type: 'recovered', listener: (event: RecoveredEvent) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
}

/** What verifySnapshot found. */
export type SnapshotCheck =
  | { ok: true; priced: PricedQuote }
  | { ok: false; reason: 'not_a_snapshot' | 'not_priced' | 'priced_mismatch' | 'hash_mismatch' | 'no_hash'; message: string };

export interface EngineOptions {
  /** The Emscripten module (edgequote-engine.mjs); default: next to edgequote.js. */
  moduleUrl?: string | URL;
  /** The .wasm; default: edgequote-engine.wasm next to edgequote.js. */
  wasmUrl?: string | URL;
  /** The .wasm bytes (what Node passes instead of a URL). */
  wasmBinary?: BufferSource;
  /** The Emscripten factory itself, instead of importing moduleUrl. */
  createModule?: (moduleOptions: Record<string, unknown>) => Promise<unknown>;
}

/** The page's one engine, created on first use; later calls return it (and ignore options). */
export declare function loadEngine(options?: EngineOptions): Promise<Engine>;
/** SHA-256 of the text's UTF-8 bytes, lowercase hex; null without WebCrypto (not a secure context). */
export declare function sha256Hex(text: string): Promise<string | null>;
/** UTF-8 bytes as text, as TextDecoder decodes them (replacing what is not UTF-8), 64 KB at a time (512 KB past 1 MB). */
export declare function utf8Text(bytes: Uint8Array): string;
/** A new, independent engine. */
export declare function createEngine(options?: EngineOptions): Promise<Engine>;
