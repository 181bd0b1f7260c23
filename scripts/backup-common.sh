# Sourced by backup.sh and restore.sh: the settings they read and the checks they share.

# Settings as the API reads them: the environment first, then .env (what `npm start` wrote) for what is not set,
# then the API's defaults (libs/server/core/src/lib/app-config.ts).
load_settings() {
  if [ -f "$ROOT/.env" ]; then
    local line key value
    while IFS= read -r line || [ -n "$line" ]; do
      [[ "$line" =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
      key="${BASH_REMATCH[1]}"
      value="${BASH_REMATCH[2]}"
      value="${value%\"}"; value="${value#\"}"; value="${value%\'}"; value="${value#\'}"
      if [ -z "${!key+x}" ]; then export "$key=$value"; fi
    done < "$ROOT/.env"
  fi
  export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tiendo}"
  export STORAGE_DIR="${STORAGE_DIR:-./data/files}"
  STORAGE_URL="${STORAGE_URL:-}"
}

# A refusal: Vietnamese first, English after, exit 1.
refuse() {
  printf 'Lỗi: %s\nError: %s\n' "$1" "$2" >&2
  exit 1
}

# The PostgreSQL client tools, from the same major version as the server (or newer; pg_dump refuses an older one).
require_pg_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null ||
      refuse "không tìm thấy $tool. Cài gói postgresql-client của Debian (apt-get install postgresql-client) cùng phiên bản với máy chủ PostgreSQL." \
             "$tool not found. Install Debian's postgresql-client (apt-get install postgresql-client) of the server's major version."
  done
  SERVER_VERSION_NUM="$(psql "$DATABASE_URL" -XAtqc 'SHOW server_version_num' 2>/dev/null)" ||
    refuse "không kết nối được cơ sở dữ liệu DATABASE_URL ($(redact_url "$DATABASE_URL"))." \
           "cannot connect to the database DATABASE_URL ($(redact_url "$DATABASE_URL")) names."
  SERVER_MAJOR=$((SERVER_VERSION_NUM / 10000))
  for tool in "$@"; do
    local client_major
    client_major="$("$tool" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')"
    if [ "$client_major" -lt "$SERVER_MAJOR" ]; then
      refuse "$tool phiên bản $client_major cũ hơn máy chủ PostgreSQL $SERVER_MAJOR. Cài postgresql-client-$SERVER_MAJOR." \
             "$tool is version $client_major, older than the PostgreSQL $SERVER_MAJOR server. Install postgresql-client-$SERVER_MAJOR."
    fi
  done
}

# A connection string without its secrets, for messages and the manifest, in every form libpq (and STORAGE_URL)
# accepts: the password of `scheme://user:password@host…` (up to the last @ before the path: libpq also takes several
# hosts, h1:5432,h2:5432, which URL parsers refuse); the query parameters `password`, `sslpassword` and
# `oauth_client_secret` (their names percent-decoded, as libpq reads them); and the same keywords in the
# `host=… password='…'` form. Paths (passfile, sslkey, sslcert) are not secrets and stay, as does everything else.
redact_url() {
  node -e '
    const secret = (k) => /^(password|sslpassword|oauth_client_secret)$/i.test(k);
    const decode = (s) => { try { return decodeURIComponent(s); } catch { return s; } };
    const s = process.argv[1];
    // The query parameters, after any ? or & (a ? inside a password is taken for one too: more is hidden, never less).
    const query = (t) => t.replace(/([?&])([^?&=]*)=([^&]*)/g, (m, sep, k) => (secret(decode(k).trim()) ? `${sep}${k}=***` : m));
    const uri = /^([a-z][a-z0-9+.-]*:\/\/)([^/]*)(.*)$/is.exec(query(s));
    if (uri) {
      let [, scheme, authority, rest] = uri;
      const at = authority.lastIndexOf("@");
      const colon = authority.indexOf(":");
      if (at >= 0 && colon >= 0 && colon < at) authority = authority.slice(0, colon) + ":***" + authority.slice(at);
      console.log(scheme + authority + rest);
    } else {
      console.log(s.replace(/(^|\s)(password|sslpassword|oauth_client_secret)(\s*=\s*)(?:\x27(?:\\.|[^\x27\\])*\x27?|(?:\\.|\S)*)/gi, "$1$2$3***"));
    }
  ' "$1"
}

# The newest migration the code carries (its timestamp), from the migrations' file names.
code_last_migration() {
  ls "$ROOT/libs/server/database/src/lib/migrations" | sed -nE 's/^([0-9]+)-.*\.ts$/\1/p' | sort -n | tail -1
}

sha256_of() {
  sha256sum "$1" | cut -d' ' -f1
}

# A path the operator gave, made absolute from the directory they typed the command in (CALLER_DIR, set by the script
# before env.sh moved to the repository's root); an absolute path as it is.
caller_path() {
  case "$1" in
    /*) printf '%s' "$1" ;;
    *) printf '%s/%s' "${CALLER_DIR:-$PWD}" "$1" ;;
  esac
}
