#!/bin/sh
# A stand-in for the 1Password CLI (op 2.x) as OnePasswordCliProviderTest drives it. The test copies it into a
# temporary directory as "op", next to:
#   expected-token   the service-account token the test hands the provider;
#   values/<field>   the value of op://DevOps/AWS-Prod/[<section>/]<field>, printed byte for byte.
# Each run appends, next to itself, its argv (calls: one line, each argument in brackets), the names of its
# environment variables (env-names: one line), and the config directory and HOME it was given.
#
# Its answers follow op's documented behaviour and the error texts op users report, each as
# "[ERROR] <date> <time> <message>" on stderr with exit 1:
#   read --no-newline <ref>  the value without a trailing newline (https://developer.1password.com/docs/cli/reference/commands/read/);
#   a missing field          item '<vault>/<item>' does not have a field '<field>';
#   a missing item           "<item>" isn't an item in the "<vault>" vault;
#   a missing vault          "<vault>" isn't a vault in this account;
#   a malformed token        ... (failed to session.DecodeSACredentials) ... (recorded from op 2.34.0);
#   a revoked token          (401) Unauthorized: invalid bearer token;
#   the hourly limit         (429) Too Many Requests ... Please retry in 59 minutes ...
#                            (https://developer.1password.com/docs/service-accounts/rate-limits);
#   no network               dial tcp: lookup my.1password.com: no such host;
#   whoami                   the service account's URL, integration id and user type.
# Items with special behaviour in vault DevOps: Busy (rate limited), Offline (no network), Slow (never answers:
# it records its pid and sleeps), Stdin (reads stdin to its end first), Twin (matches two items), Weird (an
# error op does not document, exit 3).
here=$(dirname "$0")
ts="2026/03/01 12:00:00"

line=""
for arg in "$@"; do line="$line[$arg]"; done
printf '%s\n' "$line" >> "$here/calls"
env | cut -d= -f1 | sort | tr '\n' ' ' >> "$here/env-names"
printf '\n' >> "$here/env-names"
printf '%s\n' "$OP_CONFIG_DIR" >> "$here/config-dirs"
printf '%s\n' "$HOME" >> "$here/homes"
printf '%s\n' "$OP_CACHE" >> "$here/op-cache"
if [ -d "$OP_CONFIG_DIR" ]; then printf 'yes\n' >> "$here/config-dir-existed"; fi

expected=$(cat "$here/expected-token")
if [ "$OP_SERVICE_ACCOUNT_TOKEN" != "$expected" ]; then
  case "$OP_SERVICE_ACCOUNT_TOKEN" in
    ops_revoked*) echo "[ERROR] $ts (401) Unauthorized: invalid bearer token" >&2 ;;
    *) echo "[ERROR] $ts error initializing client: Validation: (failed to session.DecodeSACredentials), Server: (failed to DecodeSACredentials), illegal base64 data at input byte 12" >&2 ;;
  esac
  exit 1
fi

case "$1" in
  whoami)
    printf 'URL:               https://my.1password.com\nIntegration ID:    J2AP5KQAIZDNBDR53IAWDKQQW4\nUser Type:         SERVICE_ACCOUNT\n'
    exit 0 ;;
  read) ;;
  *) echo "unexpected: $*" >&2; exit 97 ;;
esac
if [ "$2" != "--no-newline" ] || [ "$#" -ne 3 ]; then
  echo "unexpected read arguments: $*" >&2; exit 98
fi

ref="$3"
rest=${ref#op://}
vault=${rest%%/*}
rest=${rest#*/}
item=${rest%%/*}
field=${ref##*/}

if [ "$vault" != "DevOps" ]; then
  echo "[ERROR] $ts could not read secret '$ref': \"$vault\" isn't a vault in this account. Specify the vault with its ID or name." >&2
  exit 1
fi
case "$item" in
  AWS-Prod)
    if [ -f "$here/values/$field" ]; then
      cat "$here/values/$field"
      exit 0
    fi
    echo "[ERROR] $ts could not read secret '$ref': item '$vault/$item' does not have a field '$field'" >&2
    exit 1 ;;
  Busy)
    echo "[ERROR] $ts could not read secret '$ref': (429) Too Many Requests: You've reached the maximum number of this type of requests this service account is allowed to make. Please retry in 59 minutes or try other requests." >&2
    exit 1 ;;
  Offline)
    echo "[ERROR] $ts could not read secret '$ref': error initializing client: Get \"https://my.1password.com/api/v2/auth\": dial tcp: lookup my.1password.com: no such host" >&2
    exit 1 ;;
  Slow)
    echo "$$" > "$here/slow-pid"
    exec sleep 30 ;;
  Stdin)
    cat > /dev/null
    printf 'read-after-eof'
    exit 0 ;;
  Twin)
    echo "[ERROR] $ts could not read secret '$ref': more than one item matches \"$item\". Try again and specify the item by its ID" >&2
    exit 1 ;;
  Weird)
    echo "[ERROR] $ts something op has never said before" >&2
    exit 3 ;;
  *)
    echo "[ERROR] $ts could not read secret '$ref': could not get item $vault/$item: \"$item\" isn't an item in the \"$vault\" vault. Specify the item with its UUID, name, or domain." >&2
    exit 1 ;;
esac
