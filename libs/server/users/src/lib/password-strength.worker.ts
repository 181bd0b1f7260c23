import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { VIETNAMESE_FAMILY_NAMES, VIETNAMESE_GIVEN_NAMES, VIETNAMESE_PASSWORDS, VIETNAMESE_PHRASES } from './vietnamese-passwords';

/**
 * zxcvbn-ts's guess estimate, in a worker thread of the password policy's pool (piscina): one check takes 20-250 ms
 * of CPU (its dictionary and l33t matchers), which must not hold the API's event loop. Keep its imports to npm
 * packages and this folder: it loads without Nest or TypeORM.
 */

export interface StrengthTask {
  /** The password in the forms to score (as typed, without tone marks, letters and digits only). */
  forms: string[];
  /** The owner's words, guessed first: username, name and their parts. */
  inputs: string[];
}

/**
 * Longer passwords are scored on their first 64 characters, and l33t substitutions are tried on at most 16 of them:
 * zxcvbn's time grows steeply with length and substitutable characters (zxcvbn-ts issues #31, #164, #228).
 */
const MAX_SCORED_LENGTH = 64;
const MAX_L33T_SUBSTITUTIONS = 16;

const LISTS = {
  ...zxcvbnCommon.dictionary,
  ...zxcvbnEn.dictionary,
  'passwords-vi': [...new Set(VIETNAMESE_PASSWORDS)],
  // Phrases as one word each ("chucmungnammoi"): with digits and symbols around they are one guess and a few more.
  'phrases-vi': [...new Set(VIETNAMESE_PHRASES.map((phrase) => phrase.replace(/ /g, '')))],
  'familyNames-vi': [...new Set(VIETNAMESE_FAMILY_NAMES)],
  'givenNames-vi': [...new Set(VIETNAMESE_GIVEN_NAMES)],
};

/** How many entries zxcvbn guesses from (the README says about 236,000; at least 100,000 is the rule). */
export function dictionarySize(): number {
  return Object.values(LISTS).reduce((sum, words) => sum + words.length, 0);
}

let estimator: ZxcvbnFactory | undefined;

/** The lowest zxcvbn score (0-4) of the forms. */
export default function scorePassword(task: StrengthTask): number {
  estimator ??= new ZxcvbnFactory({
    dictionary: LISTS,
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
    maxLength: MAX_SCORED_LENGTH,
    l33tMaxSubstitutions: MAX_L33T_SUBSTITUTIONS,
  });
  const zxcvbn = estimator;
  return Math.min(...task.forms.map((form) => zxcvbn.check(form, task.inputs).score));
}
