import type { Escalation } from '../catalog/schema.ts';
import type { Extracted } from './extract.ts';

/** How an item was matched, strongest first. */
export type MatchKind = 'code' | 'alias' | 'message' | 'template' | 'text' | 'near-code';

/** One catalog entry in an answer. */
export interface AnswerItem {
  /** The entry's id: service, code and variant (`vpc:VPC.0101#Creating a VPC`). */
  id: string;
  code: string;
  /** Which published meaning of the code, where the service publishes several. */
  variant?: string;
  service: string;
  serviceName: string;
  /** Undefined where the page gives no status. */
  status?: number;
  message: string;
  cause?: string;
  measure?: string;
  causeZh?: string;
  measureZh?: string;
  escalation: Escalation;
  matchedBy: MatchKind;
  /** The code as the input wrote it (`img0012`, `APIGW.0301`), for matches by code or alias. */
  input?: string;
  /** 0..1, how sure the engine is (1 for a code or an exact message). */
  confidence: number;
  source?: { page: string; title?: string; row: number; line: number; url?: string };
  notes?: string;
  runbook?: string;
  owner?: string;
  /** Other services that publish this code too, by name (the paste's message, host or the code's home chose this one). */
  alsoIn?: string[];
}

/** What was found in the input, whether or not the catalog knows it: the extractor's findings, codes as text. */
export type ExtractedSummary = Omit<Extracted, 'codes' | 'messages'> & {
  /** The first code found (codes from error-code keys come first). */
  code?: string;
  codes: string[];
  /** The first message found. */
  message?: string;
};

/** The service rule for codes it does not list (Image Search's "Others" row). */
export interface FallbackAnswer {
  service: string;
  serviceName: string;
  status?: number;
  measure: string;
  measureZh?: string;
  escalation: Escalation;
}

/** A service named in an answer without an entry of its own: where an unknown code's prefix belongs. */
export interface ServiceRef {
  service: string;
  serviceName: string;
  /** Its error-code page, where known. */
  url?: string;
}

/** What decided an answer: a code in the input, a message the catalog publishes, words, or nothing. */
export type DecidedBy = 'code' | 'message' | 'words' | 'none';

/** The engine's answer: what it stands behind, what it suggests, and what it saw. */
export interface Answer {
  matches: AnswerItem[];
  suggestions: AnswerItem[];
  extracted: ExtractedSummary;
  decidedBy: DecidedBy;
  /** The API host label in the input that chose among services publishing the same code. */
  host?: string;
  /** A code found in the input that the catalog does not have. */
  unknownCode?: string;
  /** The service that code's prefix belongs to, when the catalog knows the prefix. */
  unknownService?: ServiceRef;
  /** The owning service's rule for that unknown code, when it has one. */
  fallback?: FallbackAnswer;
  /** A message found in the input that too many codes publish for an answer: how many. */
  sharedBy?: number;
}
