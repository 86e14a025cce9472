#!/usr/bin/env bash
# Installs the real agent CLIs the tests run (pinned), outside the project's node_modules: they are
# large (about 900 MB with their native binaries) and a user's own installation is theirs to choose.
# The folder is kept between runs: a run with the same pins installs nothing.
#   SETPOINT_AGENT_CLIS  where to install (default /opt/setpoint/agent-clis as root, else ~/.cache/setpoint/agent-clis)
# Not under /tmp: `sandbox: bwrap` gives each goal a private /tmp, where an install there would not be seen.
set -euo pipefail

PINS=("@anthropic-ai/claude-code@2.1.332" "@openai/codex@0.171.0" "@google/gemini-cli@0.61.0")

if [ "$(id -u)" = 0 ]; then default=/opt/setpoint/agent-clis; else default="${HOME}/.cache/setpoint/agent-clis"; fi
dir="${SETPOINT_AGENT_CLIS:-$default}"
mkdir -p "$dir"
stamp="$dir/.pins"
want="$(printf '%s\n' "${PINS[@]}")"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$dir/node_modules/.bin/claude" ] && [ -x "$dir/node_modules/.bin/codex" ] && [ -x "$dir/node_modules/.bin/gemini" ]; then
  echo "agent CLIs already installed in $dir"
  exit 0
fi

echo "installing the agent CLIs into $dir: ${PINS[*]}"
[ -f "$dir/package.json" ] || echo '{"private":true}' > "$dir/package.json"
npm install --prefix "$dir" --no-audit --no-fund --save-exact --loglevel=error "${PINS[@]}"
printf '%s\n' "$want" > "$stamp"
# Readable and runnable by the unprivileged agent user the runner hands commands to as root.
chmod -R a+rX "$dir"
echo "agent CLIs installed: $dir/node_modules/.bin/{claude,codex,gemini}"
