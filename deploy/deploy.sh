#!/bin/sh
# sam deploy with DeployFingerprint set, so that every change of code or configuration reaches the live aliases.
#
# SAM publishes a function version (and moves the alias) only when the version's logical id changes, and its own
# hash sees the code location and a few literal properties, never parameter values: a new JwtIssuer, JwksUrl,
# Stage, SweeperGraceMinutes or 1Password layer changed $LATEST while the alias kept serving the old setting.
# template.yaml therefore names each function's version after AutoPublishCodeSha256 = DeployFingerprint. That value
# replaces SAM's hash entirely, so it must cover the code as well: it is the first 16 hex digits of a SHA-256 over
# the jar, template.yaml and the parameter overrides. Same inputs, same value, no new versions; any change, new ones.
#
# The overrides are samconfig.toml's parameter_overrides of the chosen config env (the one line SAM reads, with \"
# escapes), less its DeployFingerprint placeholder, which exists to make a bare `sam deploy` fail the parameter's
# pattern: passing --parameter-overrides to sam replaces samconfig's list, so keep every value in samconfig.toml.
#
# usage (from anywhere; works in the project root):
#   deploy/deploy.sh [--config-env NAME] [other sam deploy options, e.g. --no-confirm-changeset]
#   deploy/deploy.sh --print-fingerprint [--config-env NAME]    the value and the overrides, no deploy
set -eu

cd "$(dirname "$0")/.."
JAR=functions/target/functions-lambda.jar
TEMPLATE=template.yaml
SAMCONFIG=samconfig.toml

die() {
    echo "deploy.sh: $*" >&2
    exit 2
}

sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum | cut -d' ' -f1
    else
        shasum -a 256 | cut -d' ' -f1
    fi
}

config_env=default
print=false
n=$#
while [ "$n" -gt 0 ]; do
    arg=$1
    shift
    n=$((n - 1))
    case $arg in
        --config-env)
            [ "$n" -gt 0 ] || die "--config-env needs a name"
            config_env=$1
            shift
            n=$((n - 1))
            ;;
        --config-env=*) config_env=${arg#*=} ;;
        --print-fingerprint) print=true ;;
        --parameter-overrides* | --config-file* | --template* | -t | --template-file*)
            die "$arg is not supported: the fingerprint covers $TEMPLATE and the parameter_overrides of $SAMCONFIG" ;;
        *) set -- "$@" "$arg" ;;
    esac
done

[ -f "$JAR" ] || die "no $JAR: build it first (./mvnw -B -ntp verify)"
overrides=$(awk -v section="[$config_env.deploy.parameters]" '
    /^[[:space:]]*\[/ { on = ($0 == section); next }
    on && /^[[:space:]]*parameter_overrides[[:space:]]*=[[:space:]]*"/ {
        sub(/^[^=]*=[[:space:]]*"/, ""); sub(/"[[:space:]]*$/, ""); gsub(/\\"/, "\""); print; exit
    }' "$SAMCONFIG" | sed 's/[[:space:]]*DeployFingerprint=[^[:space:]]*//g')
[ -n "$overrides" ] || die "no parameter_overrides in [$config_env.deploy.parameters] of $SAMCONFIG"

fingerprint=$({ sha256 <"$JAR"; sha256 <"$TEMPLATE"; printf '%s\n' "$overrides"; } | sha256 | cut -c1-16)

if [ "$print" = true ]; then
    printf 'DeployFingerprint=%s\n%s\n' "$fingerprint" "$overrides"
    exit 0
fi
exec sam deploy --config-env "$config_env" --parameter-overrides "$overrides DeployFingerprint=$fingerprint" "$@"
