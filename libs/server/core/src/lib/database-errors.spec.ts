import { QueryFailedError } from 'typeorm';
import { databaseUnavailability, startupFailure } from './database-errors';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('databaseUnavailability: which database failures are a 503, not a 500', () => {
  it('a server that cannot be reached or refuses connections is DATABASE_UNAVAILABLE', () => {
    for (const e of [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('getaddrinfo ENOTFOUND db', 'ENOTFOUND'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('sorry, too many clients already', '53300'),
      withCode('database "tiendo" does not exist', '3D000'),
      withCode('connection failure', '08006'),
      withCode('database "tiendo" is not currently accepting connections', '55000'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED'), withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')]),
      new QueryFailedError('SELECT 1', [], withCode('terminating connection due to administrator command', '57P01')),
    ]) {
      expect(databaseUnavailability(e)).toBe('DATABASE_UNAVAILABLE');
    }
  });

  it('a statement cancelled at its time limit is SERVER_BUSY', () => {
    expect(databaseUnavailability(new QueryFailedError('SELECT …', [], withCode('canceling statement due to statement timeout', '57014')))).toBe('SERVER_BUSY');
  });

  it('anything else stays a 500: a bug, a constraint, a state of another kind', () => {
    for (const e of [
      new Error('Cannot read properties of undefined'),
      new QueryFailedError('INSERT …', [], withCode('null value in column "title" violates not-null constraint', '23502')),
      withCode('cannot drop the currently open database', '55006'),
      withCode('object is in use', '55000'),
      'a string',
      null,
    ]) {
      expect(databaseUnavailability(e)).toBeNull();
    }
  });
});

describe('startupFailure: what a process that could not start says', () => {
  const config = { DATABASE_URL: 'postgres://tiendo:S3cret@db.bo.gov.vn:6432/tiendo' };

  it('a database that cannot be reached: names the setting, its host, port and database, never the password', () => {
    const text = startupFailure(withCode('connect ECONNREFUSED 10.0.0.5:6432', 'ECONNREFUSED'), config);
    expect(text).toMatch(/^Không kết nối được PostgreSQL theo DATABASE_URL \(db\.bo\.gov\.vn:6432\/tiendo\)/);
    expect(text).toContain('ECONNREFUSED');
    expect(text).not.toContain('S3cret');
    const listen = startupFailure(withCode('database "x" does not exist', '3D000'), { ...config, DATABASE_LISTEN_URL: 'postgres://u:p@10.0.0.9/x' });
    expect(listen).toContain('DATABASE_LISTEN_URL (10.0.0.9:5432/x)');
  });

  it('PgBouncer refusing the session settings: says DATABASE_POOL_MODE=transaction', () => {
    expect(startupFailure(new Error('unsupported startup parameter: statement_timeout'), config)).toContain('DATABASE_POOL_MODE=transaction');
  });

  it('anything else: its own message', () => {
    expect(startupFailure(new Error('WEB_DIST (x) …'), config)).toBe('WEB_DIST (x) …');
  });
});
