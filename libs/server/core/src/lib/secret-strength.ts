import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';

/**
 * Values the repository has shown for the secrets (.env.example, README, docker-compose.yml, test harnesses, now or
 * before): anyone who read them could sign admin tokens or sign in as the admin, so they are refused at start,
 * compared case-insensitively. `app-config.spec.ts` reads those files and fails when a value shown there is missing.
 */
export const PUBLISHED_SECRETS = {
  JWT_SECRET: [
    'replace-with-64-random-characters-see-readme',
    'change-me-to-48-random-characters-000000000000000',
    'test-secret-that-is-long-enough-for-hs256-0123456789',
    'bench-secret-that-is-long-enough-0123456789',
  ],
  ADMIN_PASSWORD: [
    'replace-with-a-long-passphrase',
    'change-me-now',
    // The demo accounts' passwords, printed in the README: today's, and those before the password rule refused
    // passwords that contain the username.
    'Sen-no-ho-Tay-2026',
    'Pho-co-mua-thu-2026',
    'Tem-thu-bay-xa-2026',
    'Buu-kien-toi-som-2026',
    'May-chu-chay-em-2026',
    'Mang-cap-quang-2026',
    'Lanh-dao-Bo-2026',
    'Van-phong-Bo-2026',
    'Vu-truong-VBC-2026',
    'Chuyen-vien-VBC-2026',
    'Vu-truong-CNTT-2026',
    'Chuyen-vien-CNTT-2026',
  ],
} as const;

/**
 * Least estimated entropy of JWT_SECRET, in bits. RFC 7518 §3.2 asks for an HS256 key of at least 256 bits; the
 * estimate below credits an unpatterned character with log2(10) ≈ 3.3 bits only, so 128 estimated bits means about
 * 39 random characters (`npm start` writes 64, from 48 random bytes: ≈ 212 estimated, 384 real).
 */
export const MIN_SECRET_BITS = 128;
/** Fewer distinct characters than this is no random secret, whatever its length. */
export const MIN_SECRET_DISTINCT_CHARACTERS = 10;

let estimator: ZxcvbnFactory | undefined;

/**
 * Estimated entropy of a secret in bits: zxcvbn-ts's guess count (dictionary words, names, keyboard walks, sequences,
 * repeats and dates count as the few guesses they take; any other character as 10 guesses), as log2.
 */
export function estimatedSecretBits(secret: string): number {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
    // l33t variants of a phrase are still tried, up to 10 substitutions: the default 100 takes a second or two on a
    // 64-character secret, at every start of every process.
    l33tMaxSubstitutions: 10,
  });
  return Math.floor(estimator.check(secret).guessesLog10 * Math.log2(10));
}

const published = (list: readonly string[], value: string) => list.some((v) => v.toLowerCase() === value.trim().toLowerCase());

/** Why the secrets cannot be used, one line per problem naming the variable; none when they can. */
export function secretProblems(env: { JWT_SECRET?: string; ADMIN_PASSWORD?: string }): string[] {
  const problems: string[] = [];
  const generate = 'generate one with `openssl rand -base64 48` (npm start writes one to .env)';
  const secret = env.JWT_SECRET;
  if (typeof secret === 'string' && secret) {
    const distinct = new Set(secret).size;
    if (published(PUBLISHED_SECRETS.JWT_SECRET, secret)) {
      problems.push(`JWT_SECRET is a value published in the repository: anyone who read it can sign admin tokens; ${generate}`);
    } else if (distinct < MIN_SECRET_DISTINCT_CHARACTERS) {
      problems.push(`JWT_SECRET uses only ${distinct} distinct characters (about ${estimatedSecretBits(secret)} bits); ${generate}`);
    } else {
      const bits = estimatedSecretBits(secret);
      if (bits < MIN_SECRET_BITS) {
        problems.push(
          `JWT_SECRET is guessable: about ${bits} bits of entropy by estimate (words, sequences and repeats count little), ` +
            `at least ${MIN_SECRET_BITS} needed; ${generate}`,
        );
      }
    }
  }
  const password = env.ADMIN_PASSWORD;
  if (typeof password === 'string' && password && published(PUBLISHED_SECRETS.ADMIN_PASSWORD, password)) {
    problems.push('ADMIN_PASSWORD is a value published in the repository: anyone who read it could sign in as the admin; choose another (npm start generates one)');
  }
  return problems;
}
