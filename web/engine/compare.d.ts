// Types of web/engine/compare.js: quotes priced at competitors' public list prices.
import type { PricingError } from './edgequote.js';

export interface LoadedBook {
  handle: number;
  id: string;
  version: string;
  currency: string;
}

export interface LoadedCompetitorBook extends LoadedBook {
  vendor: { id: string; name: string };
}

export interface LeftOut {
  /** no_counterpart | region_no_counterpart | beyond_published_tiers | currency_mismatch */
  code: string;
  /** JSON Pointer into the quote (or the competitor book, for currency_mismatch). */
  path: string;
  message: string;
}

export interface CompetitorComparison {
  vendor: { id: string; name: string };
  source: { url: string; snapshot: string };
  pricebook: { id: string; version: string; currency: string };
  status: 'complete' | 'partial' | 'not_comparable' | 'invalid';
  /** Monthly at list for what could be compared; null when nothing could. */
  monthly: string | null;
  /** Per translated line of `priced`: the quote line and region it came from. */
  from: { line: number; sku: string; region: string | null; translated: number }[];
  /** The translated quote priced on the competitor book (its lines carry the tier math). */
  priced: Record<string, unknown> | null;
  left_out: LeftOut[];
  note: string;
  errors: { code: string; path: string; message: string }[];
}

export interface Comparison {
  quote: { pricebook: { id: string; version: string; currency: string }; customer: string; list_monthly: string; net_monthly: string };
  basis: string;
  competitors: CompetitorComparison[];
  incumbent: { vendor: string; name: string; status: string; monthly: string | null } | null;
  warnings: { code: string; path: string; message: string }[];
  errors: { code: string; path: string; message: string }[];
}

export interface CompareEngine {
  loadPricebook(text: string | object): LoadedBook;
  loadCompetitorBook(text: string | object): LoadedCompetitorBook;
  release(book: LoadedBook): boolean;
  /** The codes only the comparison emits: no_counterpart, region_no_counterpart, ... */
  errorCodes(): { code: string; description: string }[];
  compare(book: LoadedBook, quote: string | object, competitors: LoadedCompetitorBook[],
          options?: { text?: false; detail?: 'full' | 'summary' }): Comparison;
  compare(book: LoadedBook, quote: string | object, competitors: LoadedCompetitorBook[],
          options: { text: true; detail?: 'full' | 'summary' }): string;
}

export interface CompareOptions {
  moduleUrl?: string | URL;
  wasmUrl?: string | URL;
  wasmBinary?: ArrayBuffer | Uint8Array;
}

export function createCompare(options?: CompareOptions): Promise<CompareEngine>;
export function loadCompare(options?: CompareOptions): Promise<CompareEngine>;
export type { PricingError };
