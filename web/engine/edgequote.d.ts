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
  /** The book as parsed JSON. */
  readonly book: PriceBook;
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
  /** A quote for live editing: only the lines whose output changed cross from the engine. */
  openQuote(pricebook: PriceBookRef, options?: PriceOptions): LiveQuote;
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
/** A new, independent engine. */
export declare function createEngine(options?: EngineOptions): Promise<Engine>;
