#!/usr/bin/env bash
# `npm run backup [-- <target>] [--allow-missing-files]`: the database DATABASE_URL names (pg_dump, custom format)
# and, when files are on the embedded store (STORAGE_DIR), the files, into one dated backup with a manifest (the
# schema's last migration, the rows of every table, the SHA-256 of each part). With an S3 store (STORAGE_URL) the
# bucket is left to the store's own versioning and replication, and the manifest says so.
#
# <target>: nothing → data/backups/tiendo-backup-<UTC stamp>/; a path ending in / → the dated backup inside that
# folder; a path ending in .tar → one tar file holding the dated backup; any other path → exactly that folder.
# A target that exists is refused: a backup is never overwritten or mixed with another.
# A file store (STORAGE_DIR) that does not exist, or lacks files the database refers to, is refused too (never
# created); --allow-missing-files backs up what is there and counts the missing files in the manifest instead.
# Where the operator typed the command: npm runs every script from the repository's root and names the directory it
# was called from in INIT_CWD; run directly, the shell's own directory (env.sh then moves to the root).
CALLER_DIR="${INIT_CWD:-$PWD}"
source "$(dirname "$0")/env.sh"
source "$ROOT/scripts/backup-common.sh"
load_settings
# A backup holds every user's data and password hashes: readable by its owner only.
umask 077

ALLOW_MISSING=0
GIVEN=""
for arg in "$@"; do
  case "$arg" in
    --allow-missing-files) ALLOW_MISSING=1 ;;
    --help | -h)
      sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    -*) refuse "không hiểu tuỳ chọn $arg. Dùng: npm run backup [-- <thư mục hoặc tệp .tar>] [--allow-missing-files]" "unknown option $arg. Usage: npm run backup [-- <folder or .tar file>] [--allow-missing-files]" ;;
    *)
      [ -z "$GIVEN" ] || refuse "dùng: npm run backup [-- <thư mục hoặc tệp .tar>] [--allow-missing-files]" "usage: npm run backup [-- <folder or .tar file>] [--allow-missing-files]"
      GIVEN="$arg"
      ;;
  esac
done

command -v tar >/dev/null && command -v sha256sum >/dev/null ||
  refuse "thiếu tar hoặc sha256sum (gói tar, coreutils)." "tar or sha256sum is missing (packages tar, coreutils)."
require_pg_tools pg_dump psql

# The files the database refers to, when they are on the embedded store: counted from this many rows.
referenced_files() {
  [ "$(psql "$DATABASE_URL" -XAtqc "SELECT to_regclass('public.attachment_blobs') IS NOT NULL")" = t ] || { echo 0; return; }
  psql "$DATABASE_URL" -XAtqc "SELECT count(*) FROM attachment_blobs"
}
# A store that is not there is a wrong STORAGE_DIR (the API makes it when it starts): refused before anything is
# written, and never created here, which would hide the mistake from the next backup too.
STORE_ABSENT=0
if [ -z "$STORAGE_URL" ] && [ ! -d "$STORAGE_DIR" ]; then
  STORE_ABSENT=1
  REFERENCED="$(referenced_files)"
  # No file referred to yet (a new installation): nothing can be missing, the backup goes on without a store.
  if [ "$ALLOW_MISSING" != 1 ] && [ "$REFERENCED" != 0 ]; then
    refuse "thư mục tệp STORAGE_DIR ($STORAGE_DIR) không tồn tại; thiếu cả $REFERENCED tệp mà cơ sở dữ liệu nhắc đến. Sửa STORAGE_DIR (như API dùng), hoặc thêm --allow-missing-files để vẫn sao lưu mà không có chúng." \
           "the files folder STORAGE_DIR ($STORAGE_DIR) does not exist; all $REFERENCED files the database refers to are missing. Fix STORAGE_DIR (as the API has it), or add --allow-missing-files to back up without them."
  fi
fi

STAMP="$(date -u +%Y%m%d-%H%M%S)"
NAME="tiendo-backup-$STAMP"
# A path given is the operator's, relative to where they typed it; the default is the repository's data/backups/.
TARGET="${GIVEN:-data/backups/}"
[ -z "$GIVEN" ] || TARGET="$(caller_path "$TARGET")"
ARCHIVE=""
if [[ "$TARGET" == */ ]]; then
  TARGET="${TARGET%/}/$NAME"
elif [[ "$TARGET" == *.tar ]]; then
  ARCHIVE="$TARGET"
  TARGET=""
fi
if [ -n "$ARCHIVE" ]; then
  [ ! -e "$ARCHIVE" ] || refuse "$ARCHIVE đã có; không ghi đè một bản sao lưu. Chọn tên khác." "$ARCHIVE exists; a backup is never overwritten. Choose another name."
  mkdir -p "$(dirname "$ARCHIVE")"
  WORK="$(mktemp -d "$(dirname "$ARCHIVE")/.tiendo-backup.XXXXXX")"
  DIR="$WORK/$NAME"
else
  [ ! -e "$TARGET" ] || refuse "$TARGET đã có; không ghi đè một bản sao lưu. Chọn tên khác." "$TARGET exists; a backup is never overwritten. Choose another name."
  mkdir -p "$(dirname "$TARGET")"
  WORK="$(mktemp -d "$(dirname "$TARGET")/.tiendo-backup.XXXXXX")"
  DIR="$WORK/$NAME"
fi
# Written beside the target and moved there at the end: a backup that failed half-way is never left under its name.
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$DIR"

# One snapshot for everything read from the database: the dump, the migration, the row counts and the stored files
# all describe the same moment (pg_dump --snapshot, held open by this psql session until the dump has finished).
coproc SNAP { psql "$DATABASE_URL" -XAtq -v ON_ERROR_STOP=1 2>&1; }
# Bash forgets SNAP and SNAP_PID as soon as psql exits: keep the process id and the pipes' numbers.
PSQL_PID="$SNAP_PID" PSQL_IN="${SNAP[1]}" PSQL_OUT="${SNAP[0]}"
ask() {
  printf '%s\n' "$1" >&"$PSQL_IN"
  IFS= read -r REPLY <&"$PSQL_OUT"
}
ask "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();"
SNAPSHOT="$REPLY"
[[ "$SNAPSHOT" =~ ^[0-9A-F-]+$ ]] || refuse "không mở được ảnh chụp cơ sở dữ liệu: $SNAPSHOT" "could not open a database snapshot: $SNAPSHOT"

say "Cơ sở dữ liệu / Database: $(redact_url "$DATABASE_URL")"
pg_dump --format=custom --snapshot="$SNAPSHOT" --file="$DIR/db.dump" --dbname="$DATABASE_URL" ||
  refuse "pg_dump thất bại (xem thông báo ở trên)." "pg_dump failed (see above)."

ask "SELECT CASE WHEN to_regclass('public.migrations') IS NULL THEN '' ELSE (SELECT json_build_object('name', name, 'timestamp', timestamp)::text FROM (SELECT name, timestamp FROM migrations ORDER BY timestamp DESC LIMIT 1) m) END;"
LAST_MIGRATION="${REPLY:-null}"
[ "$LAST_MIGRATION" != "" ] || LAST_MIGRATION=null
ask "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'migrations';"
if [ "$REPLY" = 1 ]; then
  ask "SELECT count(*) FROM migrations;"
  MIGRATIONS="$REPLY"
else
  MIGRATIONS=0
fi
# The rows of every table (query_to_xml: one count per table in one statement).
ask "SELECT coalesce(json_object_agg(tablename, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I', tablename), false, true, '')))[1]::text::bigint ORDER BY tablename), '{}')::text FROM pg_tables WHERE schemaname = 'public';"
COUNTS="$REPLY"
ask "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'attachment_blobs';"
BLOBS=""
if [ "$REPLY" = 1 ]; then
  ask "SELECT coalesce(string_agg(sha256, ' '), '') FROM attachment_blobs;"
  BLOBS="$REPLY"
fi
ask "COMMIT; SELECT 'done';"
printf '\\q\n' >&"$PSQL_IN"
wait "$PSQL_PID" 2>/dev/null || true

FILES_STORE=embedded
MISSING=0
if [ -n "$STORAGE_URL" ]; then
  FILES_STORE=s3
  say "Tệp: kho S3 $(redact_url "$STORAGE_URL"), được sao lưu bằng versioning/replication của chính kho đó, không nằm trong bản này"
  echo "Files: an S3 store; the bucket is backed up by the store's own versioning/replication, not by this backup."
else
  say "Tệp / Files: $STORAGE_DIR"
  # The store's files are taken after the dump: every file a dumped row refers to was stored before its row was
  # committed, so it is here (unless purged since, or never there: counted below).
  if [ "$STORE_ABSENT" = 1 ]; then
    # --allow-missing-files with no store: an empty files.tar, the store left as it is (absent).
    tar --create --file="$DIR/files.tar" --files-from=/dev/null
  else
    tar --create --file="$DIR/files.tar" --directory="$STORAGE_DIR" --exclude='*.partial' . ||
      refuse "không đóng gói được thư mục tệp $STORAGE_DIR." "could not archive the files folder $STORAGE_DIR."
  fi
  for sha in $BLOBS; do
    [ -f "$STORAGE_DIR/${sha:0:2}/${sha:2:2}/$sha" ] || MISSING=$((MISSING + 1))
  done
  if [ "$MISSING" -gt 0 ]; then
    [ "$ALLOW_MISSING" = 1 ] ||
      refuse "$MISSING tệp mà cơ sở dữ liệu nhắc đến không có trong thư mục tệp STORAGE_DIR ($STORAGE_DIR); không sao lưu gì. Tìm lại các tệp đó (hoặc sửa STORAGE_DIR), hoặc thêm --allow-missing-files để vẫn sao lưu mà không có chúng." \
             "$MISSING files the database refers to are missing from the files folder STORAGE_DIR ($STORAGE_DIR); nothing was backed up. Find them (or fix STORAGE_DIR), or add --allow-missing-files to back up without them."
    echo "Cảnh báo (--allow-missing-files): $MISSING tệp mà cơ sở dữ liệu nhắc đến không có trong STORAGE_DIR ($STORAGE_DIR); manifest ghi missingFromStore: $MISSING." >&2
    echo "Warning (--allow-missing-files): $MISSING files the database refers to are not in STORAGE_DIR ($STORAGE_DIR); the manifest records missingFromStore: $MISSING." >&2
  fi
fi

FILE_COUNT=0
[ ! -f "$DIR/files.tar" ] || FILE_COUNT="$(tar --list --file="$DIR/files.tar" | grep -cE '(^|/)[0-9a-f]{64}$' || true)"
BLOB_COUNT=0
[ -z "$BLOBS" ] || BLOB_COUNT="$(wc -w <<<"$BLOBS")"

# The manifest: what the backup holds and how to check it.
DB_SHA="$(sha256_of "$DIR/db.dump")" DB_BYTES="$(stat -c %s "$DIR/db.dump")" \
FILES_SHA="$([ -f "$DIR/files.tar" ] && sha256_of "$DIR/files.tar" || true)" \
FILES_BYTES="$([ -f "$DIR/files.tar" ] && stat -c %s "$DIR/files.tar" || true)" \
LAST_MIGRATION="$LAST_MIGRATION" MIGRATIONS="$MIGRATIONS" COUNTS="$COUNTS" FILES_STORE="$FILES_STORE" \
FILE_COUNT="$FILE_COUNT" BLOB_COUNT="$BLOB_COUNT" MISSING="$MISSING" SERVER_VERSION_NUM="$SERVER_VERSION_NUM" \
PG_DUMP_VERSION="$(pg_dump --version)" DB_URL="$(redact_url "$DATABASE_URL")" CODE_MIGRATION="$(code_last_migration)" \
COMMIT="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || true)" \
node -e '
  const e = process.env;
  const storage = () => {
    if (e.FILES_STORE === "embedded")
      return { store: "embedded", storageDir: e.STORAGE_DIR, included: true, files: +e.FILE_COUNT, blobRows: +e.BLOB_COUNT, missingFromStore: +e.MISSING };
    let location = "(?)";
    try {
      const u = new URL(e.STORAGE_URL);
      location = `s3://${u.host}${u.pathname}` + (u.searchParams.get("endpoint") ? ` (${u.searchParams.get("endpoint")})` : "");
    } catch {}
    return {
      store: "s3", location, included: false, blobRows: +e.BLOB_COUNT,
      note: "Tệp nằm trong kho S3, được sao lưu bằng versioning/replication của chính kho đó. / The files are in the S3 store, backed up by its own versioning/replication.",
    };
  };
  const parts = { "db.dump": { sha256: e.DB_SHA, bytes: +e.DB_BYTES } };
  if (e.FILES_SHA) parts["files.tar"] = { sha256: e.FILES_SHA, bytes: +e.FILES_BYTES };
  const manifest = {
    format: "tiendo-backup/1",
    createdAt: new Date().toISOString(),
    code: { commit: e.COMMIT || null, lastMigrationTimestamp: e.CODE_MIGRATION ? +e.CODE_MIGRATION : null },
    database: {
      url: e.DB_URL,
      serverVersionNum: +e.SERVER_VERSION_NUM,
      pgDump: e.PG_DUMP_VERSION,
      lastMigration: JSON.parse(e.LAST_MIGRATION),
      migrations: +e.MIGRATIONS,
      rows: JSON.parse(e.COUNTS),
    },
    files: storage(),
    parts,
  };
  if (manifest.database.lastMigration) manifest.database.lastMigration.timestamp = +manifest.database.lastMigration.timestamp;
  process.stdout.write(JSON.stringify(manifest, null, 2) + "\n");
' >"$DIR/manifest.json"

if [ -n "$ARCHIVE" ]; then
  tar --create --file="$WORK/archive.tar" --directory="$WORK" "$NAME"
  mv -n "$WORK/archive.tar" "$ARCHIVE"
  RESULT="$ARCHIVE"
else
  mv -n "$DIR" "$TARGET"
  RESULT="$TARGET"
fi
[ -e "$RESULT" ] || refuse "không ghi được $RESULT." "could not write $RESULT."

ROWS_TASKS="$(node -e 'console.log(JSON.parse(process.argv[1]).tasks ?? 0)' "$COUNTS")"
say "Đã sao lưu / Backed up: $RESULT"
echo "  $ROWS_TASKS nhiệm vụ / tasks; $FILE_COUNT tệp / files ($FILES_STORE); migration $(node -e 'console.log(JSON.parse(process.argv[1])?.name ?? "-")' "$LAST_MIGRATION")"
echo "  Khôi phục / Restore: npm run restore -- $(printf '%q' "$RESULT")"
