// Types of web/engine/approvals.js (signed approvals). Formats: pricebooks/README.md,
// "Approvers and signed approvals".

export interface ApprovalsBook {
  readonly handle: number;
  readonly id: string;
  readonly version: string;
  /** Lowercase hex SHA-256 of the book text as loaded. */
  readonly sha256: string;
}

export interface RuleCoverage {
  rule: string;
  level: string;
  metric: string;
  op: string;
  value: string | null;
  threshold: string | null;
  covered: boolean;
  /** Approver ids whose approvals cover the rule. */
  by: string[];
  approved_value: string | null;
  /** Why the rule is open: approval_missing | approval_value_moved | approval_new_rule; null when covered. */
  code: string | null;
  message: string;
}

export interface ApprovalVerdict {
  valid: boolean;
  /** Why the token is refused (an approval_* code); null when valid. */
  code: string | null;
  message: string;
  approver: string | null;
  name: string | null;
  approver_level: string | null;
  decision: 'approved' | 'rejected' | null;
  level: string | null;
  time: string | null;
  comment: string | null;
  same_quote: boolean;
  verification_code: string | null;
}

export interface Coverage {
  status: 'not_required' | 'approved' | 'open';
  required_level: string;
  rules: RuleCoverage[];
  approvals: ApprovalVerdict[];
}

export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface OpenedToken {
  approver: { id: string; name: string; level: string; public_key: PublicJwk } | null;
  statement: Record<string, unknown>;
  verificationCode: string;
  signatureValid: boolean;
}

export interface SignOptions {
  approver: string;
  privateKey: CryptoKey;
  decision?: 'approved' | 'rejected';
  comment?: string;
  time?: Date | string;
}

export declare class Approvals {
  loadPricebook(text: string): Promise<ApprovalsBook>;
  release(book: ApprovalsBook): void;
  priceCanonical(book: ApprovalsBook, quote: unknown): string;
  quoteSha256(book: ApprovalsBook, quote: unknown): Promise<string>;
  statement(book: ApprovalsBook, quote: unknown, options: Omit<SignOptions, 'privateKey'>): Promise<string>;
  sign(book: ApprovalsBook, quote: unknown, options: SignOptions): Promise<{ token: string; statement: string; verificationCode: string }>;
  open(book: ApprovalsBook, token: string): Promise<OpenedToken>;
  verify(book: ApprovalsBook, quote: unknown, tokens: string[], options?: { text?: false }): Promise<Coverage>;
  verify(book: ApprovalsBook, quote: unknown, tokens: string[], options: { text: true }): Promise<string>;
}

export interface ApprovalsOptions {
  moduleUrl?: string | URL;
  wasmUrl?: string | URL;
  wasmBinary?: BufferSource;
}

export function createApprovals(options?: ApprovalsOptions): Promise<Approvals>;
export function loadApprovals(options?: ApprovalsOptions): Promise<Approvals>;
export function generateApproverKey(): Promise<CryptoKeyPair>;
export function publicJwk(publicKey: CryptoKey): Promise<PublicJwk>;
export function sha256Hex(text: string): Promise<string>;
export function utcSeconds(date?: Date): string;
export function base64url(bytes: Uint8Array): string;
export function fromBase64url(text: string): Uint8Array;
