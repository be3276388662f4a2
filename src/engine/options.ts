import type { DecideOptions } from './decide.ts';
import type { SearchOptions } from './search-words.ts';

/** Tuning of the engine; every field has a default. */
export interface EngineOptions extends DecideOptions, SearchOptions {
  /** At most this many matches in an answer. */
  maxMatches: number;
  /** Free-text queries longer than this (characters) are not searched as words: a paste is not a question. */
  maxTextQuery: number;
}

export const defaultEngineOptions: EngineOptions = {
  maxMatches: 3,
  maxSuggestions: 3,
  maxTextQuery: 400,
  minCoverage: 0.7,
  strongCoverage: 0.55,
  strongTelling: 4,
  strongLead: 0.15,
  minTelling: 2,
  minLead: 0.04,
  minShortPrecision: 0.5,
  minInformation: 0.9,
  maxCodes: 3,
  minSuggestion: 0.5,
  retrievalBudget: 4000,
  candidates: 30,
};
