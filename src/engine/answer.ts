import type { Escalation } from '../catalog/schema.ts';
import type { Extracted } from './extract.ts';

/** How an item was matched, strongest first. */
export type MatchKind = 'code' | 'alias' | 'message' | 'template' | 'text' | 'near-code';

/** One catalog entry in an answer. */
export interface AnswerItem {
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

/** The engine's answer: what it stands behind, what it suggests, and what it saw. */
export interface Answer {
  matches: AnswerItem[];
  suggestions: AnswerItem[];
  extracted: ExtractedSummary;
  /** A code found in the input that the catalog does not have. */
  unknownCode?: string;
  /** The owning service's rule for that unknown code, when it has one. */
  fallback?: FallbackAnswer;
}
