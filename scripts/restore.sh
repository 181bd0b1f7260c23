#!/usr/bin/env bash
# `npm run restore -- <backup> [--force] [--allow-missing-files]`: a backup made by `npm run backup` (its folder, or
# its .tar file) into the database DATABASE_URL names and, when it holds files, into STORAGE_DIR. In order: the
# manifest's SHA-256 of every part is checked; the database must be empty (with --force its tables and their rows are
# dropped first, after saying what is lost); pg_restore in one transaction; the files back into STORAGE_DIR; then the
# migrations the code has and the backup has not are applied (as `npm run migrate` does). A backup that lacks files
# its rows refer to (made with --allow-missing-files), or a restore after which STORAGE_DIR lacks some, fails unless
# --allow-missing-files is given.
# Where the operator typed the command: npm runs every script from the repository's root and names the directory it
# was called from in INIT_CWD; run directly, the shell's own directory (env.sh then moves to the root).
CALLER_DIR="${INIT_CWD:-$PWD}"
source "$(dirname "$0")/env.sh"
source "$ROOT/scripts/backup-common.sh"
load_settings

FORCE=0
ALLOW_MISSING=0
BACKUP=""
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    --allow-missing-files) ALLOW_MISSING=1 ;;
    --help | -h)
      sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    -*) refuse "không hiểu tuỳ chọn $arg. Dùng: npm run restore -- <bản sao lưu> [--force] [--allow-missing-files]" "unknown option $arg. Usage: npm run restore -- <backup> [--force] [--allow-missing-files]" ;;
    *)
      [ -z "$BACKUP" ] || refuse "chỉ khôi phục một bản sao lưu mỗi lần." "one backup at a time."
      BACKUP="$arg"
      ;;
  esac
done
[ -n "$BACKUP" ] || refuse "dùng: npm run restore -- <thư mục hoặc tệp .tar của bản sao lưu> [--force]" "usage: npm run restore -- <backup folder or .tar file> [--force]"
# Relative to where the operator typed the command (CALLER_DIR), not the repository's root.
BACKUP="$(caller_path "$BACKUP")"
[ -e "$BACKUP" ] || refuse "không có bản sao lưu $BACKUP." "there is no backup at $BACKUP."

command -v tar >/dev/null && command -v sha256sum >/dev/null ||
  refuse "thiếu tar hoặc sha256sum (gói tar, coreutils)." "tar or sha256sum is missing (packages tar, coreutils)."
require_pg_tools pg_restore psql

WORK=""
trap '[ -z "$WORK" ] || rm -rf "$WORK"' EXIT
if [ -f "$BACKUP" ]; then
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/tiendo-restore.XXXXXX")"
  tar --extract --file="$BACKUP" --directory="$WORK" ||
    refuse "$BACKUP không phải tệp .tar đọc được." "$BACKUP is not a readable .tar file."
  DIR="$(dirname "$(find "$WORK" -maxdepth 2 -name manifest.json -print -quit)")"
else
  DIR="$BACKUP"
fi
MANIFEST="$DIR/manifest.json"
[ -f "$MANIFEST" ] || refuse "$BACKUP không có manifest.json: không phải bản sao lưu của npm run backup." "$BACKUP has no manifest.json: not a backup made by npm run backup."

# 1. Every part as the manifest describes it, before anything is touched.
manifest() { node -e 'const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const v = process.argv[2].split(".").reduce((o, k) => (o == null ? undefined : o[k]), m); console.log(v == null ? "" : typeof v === "object" ? JSON.stringify(v) : v)' "$MANIFEST" "$1"; }
[ "$(manifest format)" = "tiendo-backup/1" ] || refuse "manifest.json không đúng định dạng tiendo-backup/1." "manifest.json is not of the format tiendo-backup/1."
say "Kiểm tra SHA-256 / Checking SHA-256: $BACKUP"
for part in $(node -e 'console.log(Object.keys(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).parts).join(" "))' "$MANIFEST"); do
  [[ "$part" =~ ^[a-z.]+$ ]] && [ -f "$DIR/$part" ] || refuse "thiếu phần $part của bản sao lưu." "the backup's part $part is missing."
  expected="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).parts[process.argv[2]].sha256)' "$MANIFEST" "$part")"
  actual="$(sha256_of "$DIR/$part")"
  [ "$expected" = "$actual" ] ||
    refuse "$part hỏng: SHA-256 là $actual, manifest ghi $expected. Không khôi phục gì." "$part is damaged: its SHA-256 is $actual, the manifest says $expected. Nothing was restored."
  echo "  $part: $actual ✓"
done
[ -f "$DIR/db.dump" ] || refuse "bản sao lưu không có db.dump." "the backup has no db.dump."

FILES_STORE="$(manifest files.store)"
case "$FILES_STORE" in embedded | s3) ;; *) refuse "manifest.json không nói tệp nằm ở đâu (files.store: \"$FILES_STORE\")." "manifest.json does not say where the files are (files.store: \"$FILES_STORE\")." ;; esac
if [ "$FILES_STORE" = embedded ]; then
  [ -f "$DIR/files.tar" ] || refuse "bản sao lưu ghi có tệp nhưng thiếu files.tar." "the backup says it holds files but files.tar is missing."
  # A backup made with --allow-missing-files lacks files its rows refer to: restoring it is the operator's choice too.
  MISSING_AT_BACKUP="$(manifest files.missingFromStore)"
  if [ "${MISSING_AT_BACKUP:-0}" != 0 ] && [ "$ALLOW_MISSING" != 1 ]; then
    refuse "bản sao lưu thiếu $MISSING_AT_BACKUP tệp mà cơ sở dữ liệu nhắc đến (sao lưu với --allow-missing-files); không khôi phục gì. Thêm --allow-missing-files để vẫn khôi phục mà không có chúng." \
           "the backup lacks $MISSING_AT_BACKUP files the database refers to (backed up with --allow-missing-files); nothing was restored. Add --allow-missing-files to restore without them."
  fi
  [ -z "$STORAGE_URL" ] ||
    refuse "bản sao lưu có tệp của kho nhúng (STORAGE_DIR) nhưng STORAGE_URL đang trỏ tới kho S3. Bỏ STORAGE_URL để khôi phục vào thư mục, rồi tự chép tệp lên kho S3." \
           "the backup holds files of the embedded store (STORAGE_DIR) but STORAGE_URL names an S3 store. Unset STORAGE_URL to restore into a folder, then copy the files to the bucket yourself."
fi

# 2. The code must know the backup's schema: a backup newer than the code would run against tables it does not know.
BACKUP_MIGRATION="$(manifest database.lastMigration.timestamp)"
BACKUP_MIGRATION_NAME="$(manifest database.lastMigration.name)"
CODE_MIGRATION="$(code_last_migration)"
if [ -n "$BACKUP_MIGRATION" ] && [ -n "$CODE_MIGRATION" ] && [ "$BACKUP_MIGRATION" -gt "$CODE_MIGRATION" ]; then
  refuse "bản sao lưu có migration $BACKUP_MIGRATION_NAME, mới hơn mã này ($CODE_MIGRATION). Cập nhật mã (commit $(manifest code.commit)) rồi khôi phục." \
         "the backup has migration $BACKUP_MIGRATION_NAME, newer than this code ($CODE_MIGRATION). Update the code (commit $(manifest code.commit)) and restore then."
fi

# 3. The target database must be empty; --force drops what is there, after saying what.
DB="$(redact_url "$DATABASE_URL")"
OBJECTS="$(psql "$DATABASE_URL" -XAtqc "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%') + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')) + (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')")"
if [ "$OBJECTS" != 0 ]; then
  TABLES="$(psql "$DATABASE_URL" -XAtqc "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")"
  ROWS="$(psql "$DATABASE_URL" -XAtqc "SELECT coalesce(string_agg(format('%s %s', n, t), ', ' ORDER BY t), '') FROM (SELECT tablename AS t, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', schemaname, tablename), false, true, '')))[1]::text::bigint AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename IN ('tasks', 'task_history', 'users', 'units', 'task_attachments', 'task_comments')) x")"
  if [ "$FORCE" != 1 ]; then
    refuse "cơ sở dữ liệu $DB không trống ($TABLES bảng; ${ROWS:-không có bảng nào của Tiến Độ}). Khôi phục vào một cơ sở dữ liệu trống, hoặc thêm --force để XOÁ hết những gì đang có trong đó." \
           "the database $DB is not empty ($TABLES tables; ${ROWS:-no Tiến Độ tables}). Restore into an empty database, or add --force to DROP everything in it."
  fi
  say "--force: xoá toàn bộ nội dung của $DB / dropping everything in $DB"
  echo "  Mất / Lost: $TABLES bảng / tables; ${ROWS:-}"
  psql "$DATABASE_URL" -Xq -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
DO $$
DECLARE s text;
BEGIN
  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\_%' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
END $$;
DROP EXTENSION IF EXISTS pg_trgm CASCADE;
DROP EXTENSION IF EXISTS unaccent CASCADE;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
SQL
fi

# 4. The database, in one transaction: a failure leaves it empty.
say "pg_restore → $DB"
pg_restore --single-transaction --exit-on-error --no-owner --no-acl --dbname="$DATABASE_URL" "$DIR/db.dump" ||
  refuse "pg_restore thất bại; cơ sở dữ liệu không bị thay đổi (xem thông báo ở trên)." "pg_restore failed; the database was left unchanged (see above)."

# The rows as the manifest counted them at backup time.
EXPECTED_ROWS="$(manifest database.rows)"
ACTUAL_ROWS="$(psql "$DATABASE_URL" -XAtqc "SELECT coalesce(json_object_agg(tablename, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I', tablename), false, true, '')))[1]::text::bigint ORDER BY tablename), '{}')::text FROM pg_tables WHERE schemaname = 'public'")"
node -e 'const [a, b] = process.argv.slice(1).map((s) => JSON.parse(s)); const diff = Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]); if (diff.length) { console.error(`Lỗi: số dòng khác với manifest / Error: row counts differ from the manifest: ${diff.map((k) => `${k} ${b[k]} ≠ ${a[k]}`).join(", ")}`); process.exit(1); }' "$EXPECTED_ROWS" "$ACTUAL_ROWS"

# 5. The files, back into the embedded store.
if [ "$FILES_STORE" = embedded ]; then
  say "Tệp / Files → $STORAGE_DIR"
  mkdir -p "$STORAGE_DIR"
  tar --extract --file="$DIR/files.tar" --directory="$STORAGE_DIR" --no-same-owner ||
    refuse "không giải nén được files.tar vào $STORAGE_DIR." "could not extract files.tar into $STORAGE_DIR."
  MISSING=0
  if [ "$(psql "$DATABASE_URL" -XAtqc "SELECT to_regclass('public.attachment_blobs') IS NOT NULL")" = t ]; then
    for sha in $(psql "$DATABASE_URL" -XAtqc "SELECT sha256 FROM attachment_blobs"); do
      [ -f "$STORAGE_DIR/${sha:0:2}/${sha:2:2}/$sha" ] || MISSING=$((MISSING + 1))
    done
  fi
  if [ "$MISSING" -gt 0 ]; then
    echo "Cảnh báo: $MISSING tệp mà cơ sở dữ liệu nhắc đến không có trong STORAGE_DIR ($STORAGE_DIR) (đã thiếu từ lúc sao lưu: $(manifest files.missingFromStore))." >&2
    echo "Warning: $MISSING files the database refers to are not in STORAGE_DIR ($STORAGE_DIR) (missing at backup time: $(manifest files.missingFromStore))." >&2
  fi
else
  say "Tệp: kho S3 $(manifest files.location), không nằm trong bản sao lưu; khôi phục bằng versioning/replication của kho đó."
  echo "Files: the S3 store $(manifest files.location) is not in the backup; restore it with the store's own versioning/replication."
fi

# 6. The migrations the code has and the backup has not, as `npm run migrate` applies them.
if [ -z "$BACKUP_MIGRATION" ] || { [ -n "$CODE_MIGRATION" ] && [ "$BACKUP_MIGRATION" -lt "$CODE_MIGRATION" ]; }; then
  say "Bản sao lưu cũ hơn mã: chạy migration / The backup is older than the code: migrating"
  npx nx build api --output-style=static >/dev/null
  # The migrate command reads the whole configuration; it signs nothing, so a throwaway secret does when none is set.
  JWT_SECRET="${JWT_SECRET:-$(node -e 'console.log(require("crypto").randomBytes(48).toString("base64url"))')}" \
    node dist/apps/api/main.js migrate ||
    refuse "migration thất bại sau khi khôi phục; dữ liệu đã khôi phục vẫn còn, chạy lại npm run migrate." \
           "migrating failed after the restore; the restored data is there, run npm run migrate again."
fi

say "Đã khôi phục / Restored: $BACKUP → $DB"
echo "  sao lưu lúc / backed up at $(manifest createdAt); migration $BACKUP_MIGRATION_NAME"
# Files missing after the restore (files.tar lacked them): a failure a cron job sees, unless the operator accepted it.
if [ "${MISSING:-0}" -gt 0 ] && [ "$ALLOW_MISSING" != 1 ]; then
  refuse "đã khôi phục cơ sở dữ liệu nhưng thiếu $MISSING tệp mà nó nhắc đến trong STORAGE_DIR ($STORAGE_DIR). Chép các tệp đó vào; nếu chấp nhận mất chúng, khôi phục lại với --force --allow-missing-files." \
         "the database was restored but $MISSING files it refers to are missing from STORAGE_DIR ($STORAGE_DIR). Copy them in; if losing them is accepted, restore again with --force --allow-missing-files."
fi
