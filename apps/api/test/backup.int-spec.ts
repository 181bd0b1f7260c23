import { MIGRATIONS, dataSourceOptions } from '@tiendo/server-database';
import { adminUrl, databaseUrl, dropDatabase } from '@tiendo/server-testing';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { bearer, demoTemplate, startTestApi, TestApi } from './harness';

const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n%%EOF\n`);
const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(4096)]);
const NOW = '2026-11-20T09:00:00+07:00';
const HEAD = { username: 'vutruong.vbc', password: 'Tem-thu-bay-xa-2026' };
const LEADER = { username: 'lanhdao', password: 'Sen-no-ho-Tay-2026' };

/** Reads a download's body as bytes whatever its content type. */
function bytesParser(res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/** Databases of this file, all named tiendo_bk_…, made empty or from the run's migrated template. */
async function createDatabase(kind: string, template?: string): Promise<{ name: string; url: string }> {
  const name = `tiendo_bk_${kind}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await client.end();
  }
  return { name, url: databaseUrl(name) };
}

/** Runs scripts/<script>.sh as `npm run` would, with this database and store; resolves with the exit code too. */
async function script(name: 'backup' | 'restore', args: string[], env: { DATABASE_URL: string; STORAGE_DIR: string; STORAGE_URL?: string; INIT_CWD?: string }) {
  const environment: NodeJS.ProcessEnv = { ...process.env, STORAGE_URL: undefined, ...env };
  if (!environment['STORAGE_URL']) delete environment['STORAGE_URL'];
  try {
    const { stdout, stderr } = await run('bash', [join(ROOT, 'scripts', `${name}.sh`), ...args], { cwd: ROOT, env: environment, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function tableCount(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

async function signIn(api: TestApi, who: { username: string; password: string }): Promise<string> {
  const res = await api.http.post('/api/auth/login').send(who);
  if (res.status !== 200) throw new Error(`login ${who.username}: ${res.status}`);
  return res.body.accessToken;
}

/** Every month from the first task's to the clock's, as YYYY-MM. */
function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

/** What the API answers about the figures, month by month: the briefing (without whether it was read from a stored result), the trend. */
async function figures(api: TestApi, token: string, months: string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const month of months) {
    const res = await api.http.get(`/api/reports/briefing?month=${month}`).set(bearer(token));
    expect([month, res.status]).toEqual([month, 200]);
    out[month] = { ...res.body, stored: null };
  }
  for (let i = 0; i < months.length; i += 60) {
    const chunk = months.slice(i, i + 60);
    const res = await api.http.get(`/api/reports/trend?from=${chunk[0]}&to=${chunk[chunk.length - 1]}`).set(bearer(token));
    expect(res.status).toBe(200);
    out[`trend ${chunk[0]}`] = res.body;
  }
  return out;
}

describe('npm run backup / npm run restore', () => {
  const work = mkdtempSync(join(tmpdir(), 'tiendo-bk-'));
  const databases: string[] = [];
  const apis: TestApi[] = [];
  let source: { name: string; url: string };
  const sourceFiles = join(work, 'files-source');
  // A folder name with a space and Vietnamese letters, as an operator may well choose.
  const backupDir = join(work, 'backups', 'sao lưu thử');
  const uploaded: Array<{ taskId: string; id: string; bytes: Buffer }> = [];
  let months: string[];
  let before: Record<string, unknown>;

  beforeAll(async () => {
    // The demo data (a copy of the run's, entered through the services) with its files, then files uploaded through the API.
    const demo = await demoTemplate();
    source = await createDatabase('src', demo.database);
    databases.push(source.name);
    cpSync(demo.files, sourceFiles, { recursive: true });
    const api = await startTestApi({ DATABASE_URL: source.url, STORAGE_DIR: sourceFiles });
    apis.push(api);
    api.clock.set(NOW);
    const head = await signIn(api, HEAD);
    const list = await api.http.get('/api/tasks?unit=VBC&pageSize=50').set(bearer(head));
    const open = (list.body.items as Array<{ id: string; state: string }>).filter((t) => t.state === 'open');
    expect(open.length).toBeGreaterThanOrEqual(2);
    const same = pdf('cùng một tệp trên hai nhiệm vụ');
    const files: Array<[string, Buffer, string]> = [
      [open[0].id, pdf('Báo cáo kết quả ' + randomBytes(8).toString('hex')), 'Báo cáo kết quả Đợt 1.pdf'],
      [open[0].id, png(), 'Sơ đồ.png'],
      [open[0].id, same, 'a.pdf'],
      [open[1].id, same, 'b.pdf'],
    ];
    for (const [taskId, bytes, filename] of files) {
      const res = await api.http.post(`/api/tasks/${taskId}/attachments`).set(bearer(head)).attach('file', bytes, { filename, contentType: 'application/octet-stream' });
      expect(res.status).toBe(201);
      uploaded.push({ taskId, id: res.body.id, bytes });
    }
    const [{ first }] = await api.db.query(`SELECT to_char(min(assigned_on), 'YYYY-MM') AS first FROM tasks`);
    months = monthsBetween(first, NOW.slice(0, 7));
  }, 180_000);

  afterAll(async () => {
    for (const api of apis) await api.close();
    for (const name of databases) await dropDatabase(name);
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up the database and the files into one folder with a manifest: last migration, rows, SHA-256 of each part', async () => {
    const res = await script('backup', [backupDir], { DATABASE_URL: source.url, STORAGE_DIR: sourceFiles });
    expect(res).toMatchObject({ code: 0 });
    // The restore command it prints can be pasted into a shell as it is: the folder comes back as one argument.
    const hint = /npm run restore -- (.+)$/m.exec(res.stdout)?.[1] ?? '';
    expect((await run('bash', ['-c', `printf '%s|' ${hint}`])).stdout).toBe(`${backupDir}|`);
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8'));
    const [{ tasks }] = await apis[0].db.query(`SELECT count(*)::int AS tasks FROM tasks`);
    const [{ blobs }] = await apis[0].db.query(`SELECT count(*)::int AS blobs FROM attachment_blobs`);
    const last = MIGRATIONS[MIGRATIONS.length - 1];
    expect(manifest).toMatchObject({
      format: 'tiendo-backup/1',
      database: { lastMigration: { name: last.name, timestamp: Number(last.name.match(/\d+$/)?.[0]) }, migrations: MIGRATIONS.length, rows: { tasks, attachment_blobs: blobs } },
      files: { store: 'embedded', included: true, files: blobs, blobRows: blobs, missingFromStore: 0 },
    });
    for (const part of ['db.dump', 'files.tar']) {
      expect(manifest.parts[part].sha256).toBe(sha256(readFileSync(join(backupDir, part))));
    }
    // What the source answers, read after the backup so that no stored report result is in it: the restored copy
    // must compute the same figures from its own rows.
    before = await figures(apis[0], await signIn(apis[0], LEADER), months);
    expect(months[0] <= '2020-06').toBe(true);
    expect(before['2020-06']).toMatchObject({ total: 96, completedOnTime: { count: 59, percent: 61.46 } });
  }, 120_000);

  it('refuses a target that exists, Vietnamese first', async () => {
    const res = await script('backup', [backupDir], { DATABASE_URL: source.url, STORAGE_DIR: sourceFiles });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^Lỗi: .*đã có; không ghi đè.*\nError: .*exists; a backup is never overwritten/);
  });

  it('refuses a backup whose STORAGE_DIR does not exist, naming it and the files missing, without creating it; --allow-missing-files records them', async () => {
    const [{ blobs }] = await apis[0].db.query(`SELECT count(*)::int AS blobs FROM attachment_blobs`);
    const noStore = join(work, 'no-store');
    const target = join(work, 'backups', 'no-store');
    const refused = await script('backup', [target], { DATABASE_URL: source.url, STORAGE_DIR: noStore });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`^Lỗi: thư mục tệp STORAGE_DIR \\(${noStore}\\) không tồn tại; thiếu cả ${blobs} tệp .*--allow-missing-files.*\nError: the files folder STORAGE_DIR \\(${noStore}\\) does not exist; all ${blobs} files`),
    );
    expect([existsSync(noStore), existsSync(target)]).toEqual([false, false]);
    const allowed = await script('backup', [target, '--allow-missing-files'], { DATABASE_URL: source.url, STORAGE_DIR: noStore });
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain(`Warning (--allow-missing-files): ${blobs} files the database refers to are not in STORAGE_DIR (${noStore})`);
    expect(existsSync(noStore)).toBe(false);
    expect(JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8')).files).toMatchObject({ store: 'embedded', files: 0, blobRows: blobs, missingFromStore: blobs });
  });

  it('refuses a backup when files the database refers to are missing from STORAGE_DIR; the restore of one made with --allow-missing-files fails unless told so too', async () => {
    const partial = join(work, 'files-partial');
    cpSync(sourceFiles, partial, { recursive: true });
    const gone = sha256(uploaded[0].bytes);
    unlinkSync(join(partial, gone.slice(0, 2), gone.slice(2, 4), gone));
    const target = join(work, 'backups', 'partial');
    const refused = await script('backup', [target], { DATABASE_URL: source.url, STORAGE_DIR: partial });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Lỗi: 1 tệp mà cơ sở dữ liệu nhắc đến không có trong thư mục tệp STORAGE_DIR \(.*files-partial\).*\nError: 1 files the database refers to are missing from the files folder STORAGE_DIR \(.*files-partial\)/);
    expect(existsSync(target)).toBe(false);
    const allowed = await script('backup', [target, '--allow-missing-files'], { DATABASE_URL: source.url, STORAGE_DIR: partial });
    expect(allowed.code).toBe(0);
    expect(JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8')).files).toMatchObject({ missingFromStore: 1 });

    // Restoring it: refused before anything is touched, unless the operator accepts the loss.
    const db = await createDatabase('partial');
    databases.push(db.name);
    const files = join(work, 'files-partial-restored');
    const refusedRestore = await script('restore', [target], { DATABASE_URL: db.url, STORAGE_DIR: files });
    expect(refusedRestore.code).toBe(1);
    expect(refusedRestore.stderr).toMatch(/^Lỗi: bản sao lưu thiếu 1 tệp .*--allow-missing-files.*\nError: the backup lacks 1 files/);
    expect([await tableCount(db.url), existsSync(files)]).toEqual([0, false]);
    const restored = await script('restore', [target, '--allow-missing-files'], { DATABASE_URL: db.url, STORAGE_DIR: files });
    expect(restored.code).toBe(0);
    expect(restored.stderr).toContain(`Warning: 1 files the database refers to are not in STORAGE_DIR (${files})`);

    // A backup whose files.tar lacks a file its manifest does not own up to: the restore ends in failure, saying so.
    const manifest = JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8'));
    writeFileSync(join(target, 'manifest.json'), JSON.stringify({ ...manifest, files: { ...manifest.files, missingFromStore: 0 } }));
    const unsaid = await script('restore', [target, '--force'], { DATABASE_URL: db.url, STORAGE_DIR: join(work, 'files-partial-2') });
    expect(unsaid.code).toBe(1);
    expect(unsaid.stderr).toMatch(/Lỗi: đã khôi phục cơ sở dữ liệu nhưng thiếu 1 tệp .*\nError: the database was restored but 1 files it refers to are missing from STORAGE_DIR \(.*files-partial-2\)/);
  }, 120_000);

  it('never prints or records a password of the connection string, in any form libpq accepts', async () => {
    const url = `${source.url}${source.url.includes('?') ? '&' : '?'}application_name=bk&password=S3cretPw&sslpassword=K3yPw`;
    const target = join(work, 'backups', 'redacted');
    const res = await script('backup', [target], { DATABASE_URL: url, STORAGE_DIR: sourceFiles });
    expect(res.code).toBe(0);
    const manifest = readFileSync(join(target, 'manifest.json'), 'utf8');
    for (const text of [res.stdout, res.stderr, manifest]) expect([text.includes('S3cretPw'), text.includes('K3yPw')]).toEqual([false, false]);
    expect(res.stdout).toContain('application_name=bk&password=***&sslpassword=***');
    expect(JSON.parse(manifest).database.url).toMatch(/\?application_name=bk&password=\*\*\*&sslpassword=\*\*\*$/);
    // The restore's messages: into the (non-empty) source database it gets as far as refusing.
    const restore = await script('restore', [target], { DATABASE_URL: url, STORAGE_DIR: sourceFiles });
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain('password=***&sslpassword=*** không trống');
    expect(restore.stdout + restore.stderr).not.toMatch(/S3cretPw|K3yPw/);
    // A database that cannot be reached, named in libpq's keyword/value form.
    const down = await script('backup', [join(work, 'never-down')], { DATABASE_URL: "host=127.0.0.1 port=9 dbname=tiendo password='S3cret Pw'", STORAGE_DIR: sourceFiles });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('(host=127.0.0.1 port=9 dbname=tiendo password=***)');
    expect(down.stderr).not.toContain('S3cret');
    // Every form, as the scripts redact it (paths such as passfile and sslkey are not secrets and stay).
    const forms: Array<[string, string]> = [
      ['postgres://u@h:5432/db?password=S3cretPw', 'postgres://u@h:5432/db?password=***'],
      ['postgres://u:S3cretPw@h/db', 'postgres://u:***@h/db'],
      ['postgresql://u:S3c@ret?Pw@h1:5432,h2:5433/db?sslmode=require&sslpassword=K3yPw&passfile=/etc/pgpass&sslkey=/k.key', 'postgresql://u:***@h1:5432,h2:5433/db?sslmode=require&sslpassword=***&passfile=/etc/pgpass&sslkey=/k.key'],
      ['postgres://u@h/db?%70assword=S3cretPw&oauth_client_secret=K3yPw', 'postgres://u@h/db?%70assword=***&oauth_client_secret=***'],
      ['postgres:///db?host=/run/postgresql&password=S3cretPw', 'postgres:///db?host=/run/postgresql&password=***'],
      ['postgres://h?password=S3cretPw', 'postgres://h?password=***'],
      ["host=h password = 'S3cret \\' Pw' sslpassword=K3yPw dbname=d", 'host=h password = *** sslpassword=*** dbname=d'],
      ['s3://KEY:S3cretPw@tiendo-files/prod/?endpoint=http://127.0.0.1:9', 's3://KEY:***@tiendo-files/prod/?endpoint=http://127.0.0.1:9'],
      ['tiendo', 'tiendo'],
    ];
    const { stdout } = await run('bash', ['-c', 'source scripts/backup-common.sh; for u; do redact_url "$u"; done', '_', ...forms.map(([given]) => given)], { cwd: ROOT });
    expect(stdout.split('\n').slice(0, -1)).toEqual(forms.map(([, shown]) => shown));
  }, 120_000);

  it('takes a relative path from where the operator typed the command (npm runs scripts from the root, naming that place in INIT_CWD)', async () => {
    const operator = join(work, 'operator');
    mkdirSync(operator, { recursive: true });
    const made = await script('backup', ['ban-sao/bk.tar'], { DATABASE_URL: source.url, STORAGE_DIR: sourceFiles, INIT_CWD: operator });
    expect(made.code).toBe(0);
    expect([existsSync(join(operator, 'ban-sao', 'bk.tar')), existsSync(join(ROOT, 'ban-sao'))]).toEqual([true, false]);
    // The restore finds it there too: into the (non-empty) source database without --force it gets as far as the check.
    const res = await script('restore', ['ban-sao/bk.tar'], { DATABASE_URL: source.url, STORAGE_DIR: sourceFiles, INIT_CWD: operator });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/cơ sở dữ liệu \S+tiendo_bk_src_\w+ không trống/);
  });

  it('refuses when the PostgreSQL client tools are missing, naming the package', async () => {
    // A PATH with the usual tools but no PostgreSQL client.
    const bin = join(work, 'bin-without-pg');
    mkdirSync(bin);
    for (const tool of ['bash', 'dirname', 'date', 'sed', 'mktemp', 'mkdir', 'rm', 'tar', 'sha256sum', 'cut', 'ls', 'sort', 'tail']) {
      const found = ['/usr/bin', '/bin'].map((d) => join(d, tool)).find((p) => existsSync(p));
      if (found) symlinkSync(found, join(bin, tool));
    }
    const env = { DATABASE_URL: source.url, STORAGE_DIR: sourceFiles, PATH: bin };
    const res = await run(join(bin, 'bash'), [join(ROOT, 'scripts', 'backup.sh'), join(work, 'never')], { cwd: ROOT, env }).catch((e) => e);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^Lỗi: không tìm thấy pg_dump\. Cài gói postgresql-client.*\nError: pg_dump not found\. Install Debian's postgresql-client/);
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  it('with an S3 store, leaves the bucket to its own versioning/replication and says so in the manifest', async () => {
    const target = join(work, 'backups', 's3');
    const res = await script('backup', [target], {
      DATABASE_URL: source.url,
      STORAGE_DIR: sourceFiles,
      STORAGE_URL: 's3://KEY:SECRET@tiendo-files/prod/?endpoint=http://127.0.0.1:9&region=us-east-1&forcePathStyle=true',
    });
    expect([res.code, res.stderr]).toEqual([0, '']);
    expect(res.stdout).toContain('versioning/replication');
    expect(res.stdout).not.toContain('SECRET');
    const text = readFileSync(join(target, 'manifest.json'), 'utf8');
    expect(JSON.parse(text).files).toMatchObject({ store: 's3', included: false, location: 's3://tiendo-files/prod/ (http://127.0.0.1:9)' });
    expect(JSON.parse(text).files.note).toMatch(/^Tệp nằm trong kho S3, được sao lưu bằng versioning\/replication/);
    expect(Object.keys(JSON.parse(text).parts)).toEqual(['db.dump']);
    expect(existsSync(join(target, 'files.tar'))).toBe(false);
    expect(text).not.toContain('SECRET');
  });

  it('refuses a damaged backup before touching the database', async () => {
    const damaged = join(work, 'damaged');
    cpSync(backupDir, damaged, { recursive: true });
    const dump = readFileSync(join(damaged, 'db.dump'));
    dump[dump.length >> 1] ^= 0xff;
    writeFileSync(join(damaged, 'db.dump'), dump);
    const target = await createDatabase('damaged');
    databases.push(target.name);
    const res = await script('restore', [damaged], { DATABASE_URL: target.url, STORAGE_DIR: join(work, 'files-damaged') });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^Lỗi: db\.dump hỏng: SHA-256 là [0-9a-f]{64}, manifest ghi [0-9a-f]{64}\. Không khôi phục gì\.\nError: db\.dump is damaged/);
    expect(await tableCount(target.url)).toBe(0);
    expect(existsSync(join(work, 'files-damaged'))).toBe(false);
  });

  describe('restored into a fresh database and a fresh STORAGE_DIR', () => {
    let restored: TestApi;
    let target: { name: string; url: string };
    const restoredFiles = join(work, 'files-restored');

    beforeAll(async () => {
      target = await createDatabase('dst');
      databases.push(target.name);
      const res = await script('restore', [backupDir], { DATABASE_URL: target.url, STORAGE_DIR: restoredFiles });
      expect(res).toMatchObject({ code: 0 });
      restored = await startTestApi({ DATABASE_URL: target.url, STORAGE_DIR: restoredFiles });
      apis.push(restored);
      restored.clock.set(NOW);
    }, 120_000);

    it('the same briefing and trend for every month from the first task to now (June 2020: 96 tasks, 61.46% on time)', async () => {
      const after = await figures(restored, await signIn(restored, LEADER), months);
      expect(Object.keys(after)).toEqual(Object.keys(before));
      for (const month of months) expect([month, after[month]]).toEqual([month, before[month]]);
      expect(after).toEqual(before);
    }, 120_000);

    it('the same files, byte for byte, downloaded through the API (the demo files and those uploaded)', async () => {
      const head = [await signIn(apis[0], HEAD), await signIn(restored, HEAD)];
      const taskIds = [...new Set(uploaded.map((u) => u.taskId))];
      // A demo file the head may open: one on a task of their unit (the provinces' reports are not theirs to read).
      const [{ demo }] = await restored.db.query(
        `SELECT min(a.task_id::text) AS demo FROM task_attachments a JOIN tasks t ON t.id = a.task_id JOIN units u ON u.id = t.lead_unit_id
          WHERE a.task_id <> ALL($1::uuid[]) AND u.code = 'VBC'`,
        [taskIds],
      );
      if (demo) taskIds.push(demo);
      let compared = 0;
      for (const taskId of taskIds) {
        const [a, b] = await Promise.all([apis[0], restored].map((api, i) => api.http.get(`/api/tasks/${taskId}/attachments`).set(bearer(head[i]))));
        expect(b.status).toBe(200);
        expect(b.body).toEqual(a.body);
        for (const file of a.body as Array<{ id: string; sha256: string }>) {
          const got = await restored.http.get(`/api/tasks/${taskId}/attachments/${file.id}`).set(bearer(head[1])).buffer(true).parse(bytesParser as never);
          const want = await apis[0].http.get(`/api/tasks/${taskId}/attachments/${file.id}`).set(bearer(head[0])).buffer(true).parse(bytesParser as never);
          expect(got.status).toBe(200);
          expect(Buffer.compare(got.body as Buffer, want.body as Buffer)).toBe(0);
          expect(sha256(got.body as Buffer)).toBe(file.sha256);
          compared++;
        }
      }
      for (const u of uploaded) {
        const got = await restored.http.get(`/api/tasks/${u.taskId}/attachments/${u.id}`).set(bearer(head[1])).buffer(true).parse(bytesParser as never);
        expect(Buffer.compare(got.body as Buffer, u.bytes)).toBe(0);
      }
      expect(compared).toBeGreaterThanOrEqual(uploaded.length);
    }, 60_000);

    it('refuses to restore over a database that is not empty, saying what would be lost; --force replaces it', async () => {
      const refused = await script('restore', [backupDir], { DATABASE_URL: target.url, STORAGE_DIR: restoredFiles });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^Lỗi: cơ sở dữ liệu .* không trống \(\d+ bảng; .*\d+ tasks.*\)\..*--force.*\nError: the database .* is not empty/);
      const [{ n: tasks }] = await restored.db.query(`SELECT count(*)::int AS n FROM tasks`);
      apis.splice(apis.indexOf(restored), 1);
      await restored.close();
      const forced = await script('restore', [backupDir, '--force'], { DATABASE_URL: target.url, STORAGE_DIR: restoredFiles });
      expect(forced).toMatchObject({ code: 0 });
      expect(forced.stdout).toMatch(new RegExp(`Mất / Lost: \\d+ bảng / tables; .*${tasks} tasks`));
      restored = await startTestApi({ DATABASE_URL: target.url, STORAGE_DIR: restoredFiles });
      apis.push(restored);
      restored.clock.set(NOW);
      const june = await restored.http.get('/api/reports/briefing?month=2020-06').set(bearer(await signIn(restored, LEADER)));
      expect({ ...june.body, stored: null }).toEqual(before['2020-06']);
    }, 120_000);
  });

  it('a backup older than the code is migrated forward after the restore (one .tar file this time)', async () => {
    // A database as an older release left it: every migration but the last (a copy of the run's migrated template
    // with the last migration reverted, quicker than running all the others again from an empty database).
    const old = await createDatabase('old', process.env['TIENDO_TEST_TEMPLATE_DB']);
    databases.push(old.name);
    const ds = new DataSource({ ...dataSourceOptions(old.url, { extra: { max: 1 } }), migrations: MIGRATIONS });
    await ds.initialize();
    await ds.undoLastMigration({ transaction: 'each' });
    const left = await ds.query(`SELECT name FROM migrations ORDER BY timestamp`);
    await ds.destroy();
    expect(left.map((r: { name: string }) => r.name)).toEqual(MIGRATIONS.slice(0, -1).map((m) => m.name));
    const archive = join(work, 'backups', 'old.tar');
    // Its store, empty as the API made it when it started (a backup refuses a STORAGE_DIR that does not exist).
    mkdirSync(join(work, 'files-old'));
    const backedUp = await script('backup', [archive], { DATABASE_URL: old.url, STORAGE_DIR: join(work, 'files-old') });
    expect(backedUp).toMatchObject({ code: 0 });
    const target = await createDatabase('oldnew');
    databases.push(target.name);
    const res = await script('restore', [archive], { DATABASE_URL: target.url, STORAGE_DIR: join(work, 'files-oldnew') });
    expect(res).toMatchObject({ code: 0 });
    expect(res.stdout).toContain('Bản sao lưu cũ hơn mã');
    const client = new Client({ connectionString: target.url });
    await client.connect();
    const { rows } = await client.query(`SELECT name FROM migrations ORDER BY timestamp`);
    await client.end();
    expect(rows.map((r: { name: string }) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
  }, 300_000);
});
